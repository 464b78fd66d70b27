package dev.rowan.desktop.syncui;

import dev.rowan.desktop.core.SameThreadTaskExecutor;
import dev.rowan.desktop.sync.AccessApi;
import dev.rowan.desktop.sync.AccessApi.Level;
import dev.rowan.desktop.syncui.TableAccessViewModel.Choice;
import dev.rowan.desktop.syncui.TableAccessViewModel.MemberRow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The access dialog's state without a server: levels as loaded, what counts as a change, the grants a save sends,
 * and the add form's own checks. (Loading and saving against the real server: {@link TableAccessScreenTest}.)
 */
class TableAccessViewModelTest {
    private static final UUID TABLE = UUID.randomUUID();
    private final AccessApi.Member owner = new AccessApi.Member(UUID.randomUUID(), "olga@example.com", "Olga", "owner");
    private final AccessApi.Member admin = new AccessApi.Member(UUID.randomUUID(), "adam@example.com", null, "admin");
    private final AccessApi.Member reader = new AccessApi.Member(UUID.randomUUID(), "rita@example.com", "Rita", "member");
    private final AccessApi.Member editor = new AccessApi.Member(UUID.randomUUID(), "ed@example.com", "ed@example.com", "member");
    private final AccessApi.Member nobody = new AccessApi.Member(UUID.randomUUID(), "nina@example.com", "Nina", "member");

    private TableAccessViewModel vm() {
        TableAccessViewModel vm = new TableAccessViewModel(Optional.empty(), new SameThreadTaskExecutor(), TABLE, "Salaries");
        vm.apply(List.of(nobody, reader, owner, editor, admin),
                new AccessApi.TableAccess(TABLE, true, Map.of(reader.id(), Level.READ, editor.id(), Level.EDIT)));
        return vm;
    }

    private static MemberRow row(TableAccessViewModel vm, String email) {
        return vm.rows().stream().filter(r -> r.member().email().equals(email)).findFirst().orElseThrow();
    }

    @Test
    void loadedAccessShowsOneLevelPerMemberAndAdminsFirst() {
        TableAccessViewModel vm = vm();
        assertThat(vm.title()).isEqualTo("Who can open “Salaries”");
        assertThat(vm.restricted().get()).isTrue();
        assertThat(vm.hint().get()).isEqualTo(TableAccessViewModel.RESTRICTED_HINT);
        assertThat(vm.rows()).extracting(MemberRow::name)
                .containsExactly("adam@example.com", "Olga", "ed@example.com", "Nina", "Rita");
        assertThat(row(vm, "rita@example.com").choice().get()).isEqualTo(Choice.READ);
        assertThat(row(vm, "ed@example.com").choice().get()).isEqualTo(Choice.EDIT);
        assertThat(row(vm, "nina@example.com").choice().get()).isEqualTo(Choice.NONE);
        assertThat(row(vm, "olga@example.com").admin()).isTrue();
        assertThat(row(vm, "olga@example.com").roleLabel()).isEqualTo("Owner");
        assertThat(row(vm, "rita@example.com").detail()).isEqualTo("rita@example.com");
        assertThat(row(vm, "ed@example.com").detail()).as("name is the email: shown once").isEmpty();
        assertThat(vm.dirty().get()).isFalse();
        assertThat(vm.canSave().get()).isFalse();
    }

    @Test
    void aChangedLevelOrSwitchIsDirtyUntilItIsSetBack() {
        TableAccessViewModel vm = vm();
        row(vm, "nina@example.com").choice().set(Choice.EDIT);
        assertThat(vm.dirty().get()).isTrue();
        assertThat(vm.canSave().get()).isTrue();
        row(vm, "nina@example.com").choice().set(Choice.NONE);
        assertThat(vm.dirty().get()).isFalse();

        vm.restricted().set(false);
        assertThat(vm.dirty().get()).isTrue();
        assertThat(vm.hint().get()).isEqualTo(TableAccessViewModel.OPEN_HINT);
        vm.restricted().set(true);
        assertThat(vm.dirty().get()).isFalse();
    }

    @Test
    void savedGrantsLeaveOutAdminsAndMembersWithoutALevel() {
        TableAccessViewModel vm = vm();
        row(vm, "rita@example.com").choice().set(Choice.EDIT);
        row(vm, "ed@example.com").choice().set(Choice.NONE);
        row(vm, "nina@example.com").choice().set(Choice.READ);
        assertThat(vm.grants()).containsExactlyInAnyOrderEntriesOf(Map.of(
                reader.id(), Level.EDIT, nobody.id(), Level.READ));
    }

    @Test
    void aFreshLoadMakesTheDialogCleanAgain() {
        TableAccessViewModel vm = vm();
        row(vm, "nina@example.com").choice().set(Choice.READ);
        vm.apply(List.of(nobody), new AccessApi.TableAccess(TABLE, true, Map.of(nobody.id(), Level.READ)));
        assertThat(vm.dirty().get()).isFalse();
        assertThat(row(vm, "nina@example.com").saved()).isEqualTo(Choice.READ);
    }

    @Test
    void withoutALoginTheDialogSaysToSignInAndCannotSave() {
        TableAccessViewModel vm = new TableAccessViewModel(Optional.empty(), new SameThreadTaskExecutor(), TABLE, "T");
        vm.load();
        assertThat(vm.error().get()).isEqualTo(TableAccessViewModel.SIGNED_OUT);
        assertThat(vm.loaded().get()).isFalse();
        vm.restricted().set(true);
        assertThat(vm.canSave().get()).isFalse();
        assertThat(vm.canAdd().get()).isFalse();
    }

    @ParameterizedTest(name = "{0} / {1}")
    @CsvSource(delimiter = '|', value = {
            "new@example.com   | ''                 | ''",
            "new@example.com   | long enough pw     | ''",
            "''                | ''                 | Enter the person's email address",
            "not-an-email      | ''                 | This is not an email address",
            "a b@example.com   | ''                 | This is not an email address",
            "RITA@example.com  | ''                 | RITA@example.com is already a member",
    })
    void addFormChecksTheEmail(String email, String password, String expected) {
        TableAccessViewModel vm = vm();
        vm.newEmail().set(email);
        vm.newPassword().set(password);
        assertThat(vm.validateNew()).isEqualTo(expected.isEmpty());
        assertThat(vm.emailError().get()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"'',true", "short,false", "8 chars!,true"})
    void addFormChecksThePasswordLength(String password, boolean ok) {
        TableAccessViewModel vm = vm();
        vm.newEmail().set("new@example.com");
        vm.newPassword().set(password);
        assertThat(vm.validateNew()).isEqualTo(ok);
        assertThat(vm.passwordError().get()).isEqualTo(ok ? "" : "A password needs at least 8 characters");
    }
}
