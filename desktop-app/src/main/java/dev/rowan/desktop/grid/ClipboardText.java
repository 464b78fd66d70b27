package dev.rowan.desktop.grid;

import dev.rowan.desktop.workspace.MemberDirectory;
import dev.rowan.model.error.RowanException;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.value.Conversions;
import dev.rowan.model.value.FieldValues;
import org.jspecify.annotations.Nullable;

/**
 * A cell's value as the text the grid copies (TSV) and the value pasted text gives (issue 12, h-fieldgaps): the
 * shared text rules ({@link FieldValues#formatText}/{@link FieldValues#parseTyped}), except that a user field copies
 * its members' names and takes names, emails (or ids) of current members — what people see and type, never raw ids — through
 * the same directory a server type change reads ({@code sql.MemberDirectory}), filled from this desktop's last read
 * members with their emails ({@link MemberDirectory#shared()}, slice h-fieldgaps2). A name nobody current has refuses that cell with the usual message.
 */
public final class ClipboardText {
    private ClipboardText() {
    }

    /** The text a cell copies as. */
    public static String format(FieldDef f, @Nullable Object value) {
        if (f.type() instanceof FieldType.User && value != null) return directory().names(value);
        return FieldValues.formatText(f.type(), value);
    }

    /** The value pasted text gives a cell; refused text throws with the reason shown on the cell. */
    public static @Nullable Object parse(FieldDef f, String text) {
        if (!(f.type() instanceof FieldType.User u)) return FieldValues.parseTyped(f, text);
        Conversions.Outcome o = directory().users(u, text);
        if (o.failed()) {
            throw RowanException.invalid(f.name(), o.failure() + "; pick one of its members");
        }
        return o.value();
    }

    private static dev.rowan.model.sql.MemberDirectory directory() {
        return MemberDirectory.shared();
    }
}
