package dev.rowan.desktop.workspace;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.UUID;

/**
 * One workspace folder per company, side by side: {@code rowan-companies.properties} next to them maps a company id to
 * its folder's name. The first workspace keeps its folder; another company gets {@code <first>-<company id>}. Company
 * ids come from the server and are read as UUIDs, so no answer can name a path.
 */
public final class WorkspaceFolders {
    static final String INDEX = "rowan-companies.properties";

    private WorkspaceFolders() {
    }

    /** The other companies' workspace folders beside {@code current} that exist (none without the index). */
    public static synchronized java.util.List<Path> others(Path current) {
        Path here = current.toAbsolutePath().normalize();
        Path index = here.getParent().resolve(INDEX);
        java.util.List<Path> out = new java.util.ArrayList<>();
        if (!Files.exists(index)) return out;
        Properties map = new Properties();
        try (InputStream in = Files.newInputStream(index)) {
            map.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("The list of company workspaces in " + here.getParent() + " cannot be read",
                    e);
        }
        for (String name : new java.util.TreeSet<>(map.stringPropertyNames())) {
            Path p = here.getParent().resolve(map.getProperty(name)).normalize();
            // names come from this class: a folder beside this one, never elsewhere
            if (!p.equals(here) && here.getParent().equals(p.getParent()) && Files.isDirectory(p)) out.add(p);
        }
        return out;
    }

    /** The folder of {@code companyId}'s workspace, given the open one ({@code current}, of {@code currentCompanyId}). */
    public static synchronized Path forCompany(Path current, String currentCompanyId, String companyId) {
        Path here = current.toAbsolutePath().normalize();
        Path parent = here.getParent();
        String currentId = UUID.fromString(currentCompanyId).toString();
        String wanted = UUID.fromString(companyId).toString();
        Path index = parent.resolve(INDEX);
        Properties map = new Properties();
        try {
            if (Files.exists(index)) {
                try (InputStream in = Files.newInputStream(index)) {
                    map.load(in);
                }
            }
            map.putIfAbsent(currentId, here.getFileName().toString());
            String name = map.getProperty(wanted);
            if (name == null) {
                String base = here.getFileName().toString().replaceAll("-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-"
                        + "[0-9a-f]{12}$", "");
                name = base + "-" + wanted;
                map.setProperty(wanted, name);
            }
            try (OutputStream out = Files.newOutputStream(index)) {
                map.store(out, "Rowan: the workspace folder of each company");
            }
            return parent.resolve(name);
        } catch (IOException e) {
            throw new UncheckedIOException("The list of company workspaces in " + parent + " cannot be read or written",
                    e);
        }
    }
}
