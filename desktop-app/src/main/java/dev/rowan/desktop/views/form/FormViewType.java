package dev.rowan.desktop.views.form;

import dev.rowan.desktop.views.HostedView;
import dev.rowan.desktop.views.ViewContext;
import dev.rowan.desktop.views.ViewEnvironment;
import dev.rowan.desktop.views.ViewType;
import dev.rowan.model.view.ViewKind;
import javafx.scene.Node;
import org.jspecify.annotations.Nullable;

import java.util.UUID;

/** The form kind: {@link FormViewModel} and {@link FormView}. */
public final class FormViewType implements ViewType<FormViewModel, FormViewType.Hosted> {
    public static final FormViewType INSTANCE = new FormViewType();

    private FormViewType() {
    }

    /** The form's nodes as the host places them. */
    public record Hosted(FormView form) implements HostedView {
        @Override
        public Node root() {
            return form.root();
        }

        @Override
        public void commitEdit() {
            // answers are kept while the form is away; nothing is created until it is submitted
        }

        @Override
        public void focus() {
            form.focus();
        }
    }

    @Override
    public ViewKind kind() {
        return ViewKind.FORM;
    }

    @Override
    public String defaultName() {
        return FormViewModel.DEFAULT_VIEW_NAME;
    }

    @Override
    public FormViewModel createViewModel(ViewContext context) {
        return new FormViewModel(context);
    }

    @Override
    public Hosted createView(FormViewModel viewModel, ViewEnvironment environment) {
        return new Hosted(new FormView(viewModel, environment));
    }

    @Override
    public void open(FormViewModel viewModel, UUID tableId, @Nullable UUID viewId) {
        viewModel.open(tableId, viewId);
    }

    @Override
    public void refresh(FormViewModel viewModel) {
        // a form shows no records
    }

    @Override
    public void reloadSchema(FormViewModel viewModel) {
        viewModel.reloadSchema();
    }
}
