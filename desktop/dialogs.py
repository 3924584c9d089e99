"""Standard dialogs: errors, unsaved changes, recovery, file choice."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from core.errors import UserError
from core.i18n import _
from core.project import EXTENSION
from core.recovery import RecoveryCopy

PROJECT_FILTER = _("Stuurwijzer-project (*{ext})").format(ext=EXTENSION)


def show_user_error(parent: QWidget | None, exc: UserError) -> None:
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(_("Dat lukte niet"))
    box.setText(exc.message)
    if exc.hint:
        box.setInformativeText(exc.hint)
    box.exec()


def show_unexpected_error(parent: QWidget | None, log_file: Path, recovery: Path | None) -> None:
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle(_("Er ging iets mis"))
    box.setText(_("Stuurwijzer is tegen een onverwachte fout aangelopen."))
    saved = (
        _("Uw werk is bewaard als herstelkopie. ")
        if recovery is not None
        else _("Uw werk is niet veranderd. ")
    )
    box.setInformativeText(
        saved
        + _("Sla uw project op en start Stuurwijzer opnieuw als er meer vreemde dingen "
            "gebeuren.\n\nWilt u de fout melden? Stuur dan het logbestand mee. Daarin "
            "staan geen gegevens uit uw bestanden.\n\nLogbestand: {path}").format(path=log_file)
    )
    open_logs = box.addButton(_("Logmap openen"), QMessageBox.ButtonRole.ActionRole)
    box.addButton(_("Sluiten"), QMessageBox.ButtonRole.AcceptRole)
    box.exec()
    if box.clickedButton() is open_logs:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(log_file.parent)))


def ask_save_changes(parent: QWidget | None, project_name: str) -> QMessageBox.StandardButton:
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(_("Wijzigingen opslaan?"))
    box.setText(_("Wilt u de wijzigingen in '{name}' opslaan?").format(name=project_name))
    box.setInformativeText(_("Als u niet opslaat, gaan de wijzigingen verloren."))
    box.setStandardButtons(
        QMessageBox.StandardButton.Save
        | QMessageBox.StandardButton.Discard
        | QMessageBox.StandardButton.Cancel
    )
    box.button(QMessageBox.StandardButton.Save).setText(_("Opslaan"))
    box.button(QMessageBox.StandardButton.Discard).setText(_("Niet opslaan"))
    box.button(QMessageBox.StandardButton.Cancel).setText(_("Annuleren"))
    box.setDefaultButton(QMessageBox.StandardButton.Save)
    return QMessageBox.StandardButton(box.exec())


def _choose(parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str,
            informative: str, buttons: list[tuple[str, str, QMessageBox.ButtonRole]],
            default: str, otherwise: str) -> str:
    """A question with named answers: the key of the button clicked, ``otherwise`` when the
    box was closed without one."""
    box = QMessageBox(parent)
    box.setIcon(icon)
    box.setWindowTitle(title)
    box.setText(text)
    box.setInformativeText(informative)
    keys = {}
    for key, label, role in buttons:
        button = box.addButton(label, role)
        keys[key] = button
    box.setDefaultButton(keys[default])
    box.exec()
    clicked = box.clickedButton()
    return next((key for key, button in keys.items() if button is clicked), otherwise)


def ask_leave_unread(parent: QWidget | None, filename: str) -> str:
    """'read', 'discard' or 'stay' for a chosen file that was not read in yet."""
    role = QMessageBox.ButtonRole
    return _choose(
        parent, QMessageBox.Icon.Question, _("Bestand nog niet ingelezen"),
        _("U hebt '{name}' gekozen, maar nog niet ingelezen.").format(name=filename),
        _("Wilt u het bestand nu inlezen?"),
        [("read", _("Inlezen"), role.AcceptRole),
         ("discard", _("Niet inlezen"), role.DestructiveRole),
         ("stay", _("Op deze stap blijven"), role.RejectRole)],
        default="read", otherwise="stay")


def ask_restore(parent: QWidget | None, copy: RecoveryCopy) -> bool:
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(_("Werk herstellen?"))
    name = copy.project_name or _("Naamloos project")
    when = copy.saved_at.replace("T", _(" om ")) if copy.saved_at else _("onbekend tijdstip")
    box.setText(_("Stuurwijzer is de vorige keer niet goed afgesloten."))
    box.setInformativeText(
        _("Er is een herstelkopie van '{name}' van {when}. Wilt u verdergaan met deze kopie?")
        .format(name=name, when=when)
    )
    restore = box.addButton(_("Herstellen"), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(_("Niet herstellen"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(restore)
    box.exec()
    return box.clickedButton() is restore


def choose_open_path(parent: QWidget | None, start: Path | None = None) -> Path | None:
    path, _filter = QFileDialog.getOpenFileName(
        parent, _("Project openen"), str(start or Path.home()), PROJECT_FILTER
    )
    return Path(path) if path else None


def choose_save_path(parent: QWidget | None, suggested: str, start: Path | None = None) -> Path | None:
    folder = start or Path.home()
    path, _filter = QFileDialog.getSaveFileName(
        parent, _("Project opslaan als"), str(folder / f"{suggested}{EXTENSION}"), PROJECT_FILTER
    )
    if not path:
        return None
    chosen = Path(path)
    return chosen if chosen.suffix.lower() == EXTENSION else chosen.with_name(chosen.name + EXTENSION)


def ask_personal_data(parent: QWidget | None, warning: str, *, title: str | None = None,
                      text: str | None = None, question: str | None = None) -> str:
    """Before saving or exporting direct identifiers: 'save', 'review' or 'cancel'.
    An export passes its own title, text and question."""
    role = QMessageBox.ButtonRole
    return _choose(
        parent, QMessageBox.Icon.Warning, title or _("Persoonsgegevens"),
        text or _("Dit project bevat nog persoonsgegevens."),
        warning + "\n\n" + (question or _("Wilt u toch opslaan?")),
        [("save", _("Toch opslaan"), role.AcceptRole),
         ("review", _("Naar Controle"), role.ActionRole),
         ("cancel", _("Annuleren"), role.RejectRole)],
        default="review", otherwise="cancel")


def ask_export_anyway(parent: QWidget | None, *, title: str, text: str, items: list[str],
                      question: str) -> bool:
    """Before an export with texts that no longer match: True to export anyway."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(title)
    box.setText(text)
    box.setInformativeText("\n".join(f"• {item}" for item in items) + "\n\n" + question)
    export = box.addButton(_("Toch opslaan"), QMessageBox.ButtonRole.AcceptRole)
    fix = box.addButton(_("Eerst aanpassen"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(fix)
    box.exec()
    return box.clickedButton() is export
