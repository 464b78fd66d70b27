package dev.rowan.desktop.views.form;

import dev.rowan.desktop.views.HostedView;
import dev.rowan.desktop.views.ViewType;
import dev.rowan.model.view.ViewKind;
import javafx.scene.Node;


/** The form kind: {@link FormViewModel} and {@link FormView}. */
public final class FormViewType {
    public static final ViewType<FormViewModel, Hosted> INSTANCE = ViewType.of(
            ViewKind.FORM, FormViewModel.DEFAULT_VIEW_NAME, FormViewModel::new,
            (viewModel, environment) -> new Hosted(new FormView(viewModel, environment)));

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
}
