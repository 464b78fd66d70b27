package dev.rowan.desktop.views.kanban;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The first board's warm-up list still names the classes the board uses: every listed class loads (a list gone
 * stale after renames would warm nothing), and it holds the board's own classes and the list's skins.
 */
class KanbanWarmUpTest {
    @Test
    void everyListedClassLoads() throws IOException {
        String list;
        try (InputStream in = KanbanWarmUp.class.getResourceAsStream(KanbanWarmUp.CLASSES)) {
            assertThat(in).as("the list beside KanbanWarmUp").isNotNull();
            list = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        long names = list.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).count();
        assertThat(list).contains(KanbanView.class.getName() + "\n", "javafx.scene.control.skin.ListViewSkin\n",
                "javafx.scene.control.skin.VirtualFlow\n");
        assertThat(names).isGreaterThan(500);
        assertThat(KanbanWarmUp.run()).isEqualTo(names);
    }
}
