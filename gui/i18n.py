"""The app's languages: Qt's translators for the chosen language (or the system's), and the locale that dates,
times and numbers follow.

Every visible string goes through Qt's translation system: ``self.tr(...)`` in a widget,
``translate(context, ...)`` elsewhere, ``QT_TRANSLATE_NOOP`` for texts kept in tables, ``message_text`` for the
engine's :class:`core.text.Message`.
The sources are ``resources/i18n/kiosk_<language>.ts`` (``pyside6-lupdate``, edited in Qt Linguist) and
the app loads the ``.qm`` files ``pyside6-lrelease`` builds from them; ``docs/translations.md`` says how to
add a language.
"""
from __future__ import annotations

import logging
from datetime import date, datetime, time
from enum import Enum
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDate, QLibraryInfo, QLocale, QTime, QTranslator

from core.config import Language
from core.text import LIST_SEPARATOR, Message

log = logging.getLogger(__name__)
translate = QCoreApplication.translate  # ``translate("Context", "text")``: the name pyside6-lupdate looks for

TRANSLATIONS_DIR = Path(__file__).resolve().parents[1] / "resources" / "i18n"
APP_CATALOGUE = "kiosk"  # kiosk_vi.qm ...
QT_CATALOGUE = "qtbase"  # Qt's own: the standard buttons (OK, Cancel), where Qt ships the language
OWN_QT_CATALOGUE = "qt"  # ours for the standard buttons, where Qt does not ship the language (qt_vi.qm)
TRANSLATED = (Language.VIETNAMESE, Language.CHINESE)  # English is the source language


def locale_of(language: Language) -> QLocale:
    """The locale dates and numbers follow: the system's when it speaks ``language`` (British English keeps its 24-hour
    clock), else the language's own."""
    system = QLocale.system()
    if language is Language.SYSTEM or QLocale(language.value).language() == system.language():
        return system
    return QLocale(language.value)


def catalogue_language(locale: QLocale) -> Language:
    """The language the app shows for ``locale``: a translated one, else English."""
    for language in TRANSLATED:
        if QLocale(language.value).language() == locale.language():
            return language
    return Language.ENGLISH


class Translations:
    """The translators installed in the application: replaced as a whole when the language changes."""

    def __init__(self) -> None:
        self._installed: list[QTranslator] = []
        self.language = Language.ENGLISH

    def use(self, language: Language) -> Language:
        """Show the app in ``language`` from now on (windows made afterwards, and those that re-translate);
        returns the language the catalogues are in. Dates and numbers follow its locale."""
        app = QCoreApplication.instance()
        assert app is not None, "translations need the application"
        for translator in self._installed:
            app.removeTranslator(translator)
        self._installed.clear()
        locale = locale_of(language)
        shown = catalogue_language(locale)
        QLocale.setDefault(locale)
        catalogues = [(APP_CATALOGUE, str(TRANSLATIONS_DIR))]  # English too: its plural forms
        if shown in TRANSLATED:
            qt_folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
            catalogues += [(QT_CATALOGUE, qt_folder), (OWN_QT_CATALOGUE, str(TRANSLATIONS_DIR))]
        for catalogue, folder in catalogues:
            translator = QTranslator(app)
            if translator.load(f"{catalogue}_{shown.value}", folder):
                app.installTranslator(translator)
                self._installed.append(translator)
            elif catalogue == APP_CATALOGUE:
                log.warning("no %s translation in %s: the windows stay English", shown.value, folder)
        self.language = shown
        return shown


ISO_DATE, ISO_CLOCK = "yyyy-MM-dd", "HH:mm"  # where no locale is set (the C locale): ISO 8601


def _unset(locale: QLocale) -> bool:
    return locale.language() == QLocale.Language.C


def date_format() -> str:
    """The locale's short date layout, with the year in four digits (a record outlives a century's "26")."""
    locale = QLocale()
    if _unset(locale):
        return ISO_DATE
    layout = locale.dateFormat(QLocale.FormatType.ShortFormat)
    return layout if "yyyy" in layout else layout.replace("yy", "yyyy")


def clock_format() -> str:
    """The locale's short time layout (24-hour or not)."""
    locale = QLocale()
    return ISO_CLOCK if _unset(locale) else locale.timeFormat(QLocale.FormatType.ShortFormat)


def date_text(day: date | None) -> str:
    """A date as the locale writes it, short (7/12/2026, 2026/12/7, 12/7/2026)."""
    return "" if day is None else QLocale().toString(QDate(day.year, day.month, day.day), date_format())


def clock_text(at: time | datetime | None, seconds: bool = False) -> str:
    """A wall-clock time as the locale writes it (24-hour or not), to the minute or second."""
    if at is None:
        return ""
    layout = clock_format()
    if seconds and "s" not in layout:
        layout = layout.replace("mm", "mm:ss")
    return QLocale().toString(QTime(at.hour, at.minute, at.second), layout)


def date_time_text(at: datetime | None, seconds: bool = False) -> str:
    """A wall time, date and clock, as the locale writes them."""
    return "" if at is None else f"{date_text(at.date())} {clock_text(at, seconds)}"


def number_text(value: float, decimals: int = 0) -> str:
    """A number as the locale writes it (decimal comma where it is one)."""
    return QLocale().toString(float(value), "f", decimals)


# The values the app's records hold, as the windows name them (one place: ``value_text``).
_VALUES = (
    QT_TRANSLATE_NOOP("Value", "in"),
    QT_TRANSLATE_NOOP("Value", "out"),
    QT_TRANSLATE_NOOP("Value", "auto"),
    QT_TRANSLATE_NOOP("Value", "manual"),
    QT_TRANSLATE_NOOP("Value", "face"),
    QT_TRANSLATE_NOOP("Value", "code"),
    QT_TRANSLATE_NOOP("Value", "void"),
    QT_TRANSLATE_NOOP("Value", "vacation"),
    QT_TRANSLATE_NOOP("Value", "sick"),
    QT_TRANSLATE_NOOP("Value", "other"),
    QT_TRANSLATE_NOOP("Value", "present"),
    QT_TRANSLATE_NOOP("Value", "late"),
    QT_TRANSLATE_NOOP("Value", "absent"),
    QT_TRANSLATE_NOOP("Value", "not in yet"),
    QT_TRANSLATE_NOOP("Value", "missing check-out"),
    QT_TRANSLATE_NOOP("Value", "missing check-in"),
    QT_TRANSLATE_NOOP("Value", "on leave"),
    QT_TRANSLATE_NOOP("Value", "holiday"),
    QT_TRANSLATE_NOOP("Value", "unscheduled"),
    QT_TRANSLATE_NOOP("Value", "absent without leave"),
    QT_TRANSLATE_NOOP("Value", "punches outside the shift"),
    QT_TRANSLATE_NOOP("Value", "shorter than half the shift"),
    QT_TRANSLATE_NOOP("Value", "punched at a kiosk whose clock was off"),
    QT_TRANSLATE_NOOP("Value", "silent"),
    QT_TRANSLATE_NOOP("Value", "backlog"),
    QT_TRANSLATE_NOOP("Value", "no liveness check"),
    QT_TRANSLATE_NOOP("Value", "clock off"),
    QT_TRANSLATE_NOOP("Value", "active"),
    QT_TRANSLATE_NOOP("Value", "inactive"),
    QT_TRANSLATE_NOOP("Value", "live"),
    QT_TRANSLATE_NOOP("Value", "attack"),
    QT_TRANSLATE_NOOP("Value", "challenged"),
    QT_TRANSLATE_NOOP("Value", "off"),
    QT_TRANSLATE_NOOP("Value", "detector"),
    QT_TRANSLATE_NOOP("Value", "recognizer"),
    QT_TRANSLATE_NOOP("Value", "liveness"),
    QT_TRANSLATE_NOOP("Value", "landmarks"),
    QT_TRANSLATE_NOOP("Value", "on"),
    QT_TRANSLATE_NOOP("Value", "running"),
    QT_TRANSLATE_NOOP("Value", "opening"),
    QT_TRANSLATE_NOOP("Value", "reconnecting"),
    QT_TRANSLATE_NOOP("Value", "ended"),
    QT_TRANSLATE_NOOP("Value", "failed"),
    QT_TRANSLATE_NOOP("Value", "stopped"),
    QT_TRANSLATE_NOOP("Value", "unsure"),
    QT_TRANSLATE_NOOP("Value", "system"),
    QT_TRANSLATE_NOOP("Value", "the system's language"),
    QT_TRANSLATE_NOOP("Value", "admin"),
    QT_TRANSLATE_NOOP("Value", "kiosk"),
    QT_TRANSLATE_NOOP("Value", "retention"),
    QT_TRANSLATE_NOOP("Value", "This week"),
    QT_TRANSLATE_NOOP("Value", "Last week"),
    QT_TRANSLATE_NOOP("Value", "Last two weeks"),
    QT_TRANSLATE_NOOP("Value", "This month"),
    QT_TRANSLATE_NOOP("Value", "Last month"),
)
# The audit log's actions (``AuditEntry.action``), in words.
_ACTIONS = (
    QT_TRANSLATE_NOOP("Action", "accept config"),
    QT_TRANSLATE_NOOP("Action", "activate"),
    QT_TRANSLATE_NOOP("Action", "add holiday"),
    QT_TRANSLATE_NOOP("Action", "add leave"),
    QT_TRANSLATE_NOOP("Action", "add manual event"),
    QT_TRANSLATE_NOOP("Action", "add shift"),
    QT_TRANSLATE_NOOP("Action", "assign shift"),
    QT_TRANSLATE_NOOP("Action", "clock jump"),
    QT_TRANSLATE_NOOP("Action", "deactivate"),
    QT_TRANSLATE_NOOP("Action", "delete employee"),
    QT_TRANSLATE_NOOP("Action", "delete holiday"),
    QT_TRANSLATE_NOOP("Action", "delete leave"),
    QT_TRANSLATE_NOOP("Action", "delete shift"),
    QT_TRANSLATE_NOOP("Action", "delete templates"),
    QT_TRANSLATE_NOOP("Action", "department shift"),
    QT_TRANSLATE_NOOP("Action", "edit shift"),
    QT_TRANSLATE_NOOP("Action", "enrol"),
    QT_TRANSLATE_NOOP("Action", "export key"),
    QT_TRANSLATE_NOOP("Action", "import pin"),
    QT_TRANSLATE_NOOP("Action", "purge"),
    QT_TRANSLATE_NOOP("Action", "reject look"),
    QT_TRANSLATE_NOOP("Action", "reset pin"),
    QT_TRANSLATE_NOOP("Action", "resolve review"),
    QT_TRANSLATE_NOOP("Action", "retention erase"),
    QT_TRANSLATE_NOOP("Action", "set checkin pin"),
    QT_TRANSLATE_NOOP("Action", "set pin"),
    QT_TRANSLATE_NOOP("Action", "setup code"),
    QT_TRANSLATE_NOOP("Action", "update employee"),
    QT_TRANSLATE_NOOP("Action", "void event"),
    QT_TRANSLATE_NOOP("Action", "withdraw consent"),
)


def message_text(text: str) -> str:
    """A :class:`core.text.Message` in the user's language (any other text as it is)."""
    if not isinstance(text, Message):
        return text
    values = {
        key: LIST_SEPARATOR.join(map(message_text, value)) if isinstance(value, tuple) else message_text(value) if isinstance(value, str) else value
        for key, value in text.values.items()
    }
    return translate("Message", text.template).format(**values)


def action_text(action: str) -> str:
    """An audit row's action in words, in the user's language ("void_event": "void event")."""
    return translate("Action", action.replace("_", " "))


def language_name(language: Language) -> str:
    """A language as its speakers name it (so a person finds their own in a list in any language)."""
    return translate("Value", "the system's language") if language is Language.SYSTEM else LANGUAGE_NAMES[language]


LANGUAGE_NAMES = {Language.ENGLISH: "English", Language.VIETNAMESE: "Tiếng Việt", Language.CHINESE: "简体中文"}


def value_text(value: str | Enum) -> str:
    """A stored value (an event's kind, a day's status, a leave's kind...) in the user's language."""
    text = value.value if isinstance(value, Enum) else value
    return translate("Value", text)
