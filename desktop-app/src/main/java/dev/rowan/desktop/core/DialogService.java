package dev.rowan.desktop.core;

import java.util.Optional;

/** Questions to the user, behind an interface so ViewModels never open windows themselves. */
public interface DialogService {
    Optional<String> askText(String title, String prompt, String initial);

    boolean confirm(String title, String message);

    void showError(String title, String message);
}
