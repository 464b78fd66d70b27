package dev.rowan.desktop.core;

import java.util.Optional;

/** Questions to the user, behind an interface so ViewModels never open windows themselves. */
public interface DialogService {
    Optional<String> askText(String title, String prompt, String initial);

    boolean confirm(String title, String message);

    /** A yes/no question whose buttons say what they do ("Discard changes" / "Keep editing"); true for yes. */
    default boolean confirm(String title, String message, String yes, String no) {
        return confirm(title, message);
    }

    void showError(String title, String message);
}
