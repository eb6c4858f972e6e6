"""The kiosk in the people's language: every visible string goes through Qt's translation system, the Vietnamese and
Simplified Chinese catalogues are complete and current, and the greeting, dates and numbers follow the language."""
from __future__ import annotations

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import date, datetime, time, timezone
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QLocale, QModelIndex, QSettings, Qt, QTranslator
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QDialog,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QTableView,
    QTabWidget,
    QWidget,
)

from core.config import AppConfig, Language
from core.text import Message
from gui.i18n import TRANSLATIONS_DIR, Translations, date_text, message_text, number_text
from services.greeting import Greeting
from services.runtime import Runtime
from tests.conftest import english

ROOT = Path(__file__).resolve().parents[1]
LANGUAGES = ("vi", "zh_CN")
PLACEHOLDER = re.compile(r"\{[^}]*\}|%L?n")
MARK_OPEN, MARK_CLOSE = "⟦", "⟧"
# What a window shows untranslated on purpose: product and model names, language names (each in its own
# language), units, the keypad's letters, and the test's own data (names, codes, departments).
UNTRANSLATED = (
    "YOLO face", "YuNet", "MTCNN", "English", "Tiếng Việt", "简体中文", "auto", "cpu", "cuda", "mps", "ABC", "MB", "GB",
    "Nguyễn Văn An", "Kho", "E001", "E002",
)


def catalogue(language: str) -> ET.Element:
    return ET.parse(TRANSLATIONS_DIR / f"kiosk_{language}.ts").getroot()


def messages(root: ET.Element) -> Iterator[tuple[str, ET.Element]]:
    for context in root.iter("context"):
        for message in context.iter("message"):
            yield context.findtext("name") or "", message


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_string_has_a_translation_that_keeps_its_placeholders(language):
    found = 0
    for context, message in messages(catalogue(language)):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        assert translation is not None and translation.get("type") is None, f"{language}: untranslated {context}: {source!r}"
        forms = [form.text or "" for form in translation.iter("numerusform")] or [translation.text or ""]
        for text in forms:
            assert text.strip(), f"{language}: empty translation of {context}: {source!r}"
            assert sorted(PLACEHOLDER.findall(text)) == sorted(PLACEHOLDER.findall(source)), f"{language}: {source!r} -> {text!r}"
        found += 1
    assert found > 500


@pytest.mark.skipif(shutil.which("pyside6-lupdate", path=str(ROOT / ".venv/bin")) is None, reason="pyside6-lupdate is not installed")
def test_the_catalogues_hold_every_string_of_the_code(tmp_path):
    """A visible string added to the code without its Vietnamese and Chinese translation fails here (the same
    extraction as scripts/update_translations.sh, into copies of the catalogues)."""
    sources = subprocess.run(
        ["git", "ls-files", "gui/*.py", "services/*.py", "pipeline/*.py", "pipeline/**/*.py", "core/*.py"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout.split()
    marked = [s for s in sources if re.search(r"tr\(|translate\(|QT_TRANSLATE_NOOP", (ROOT / s).read_text(encoding="utf-8"))]
    copies = []
    for language in LANGUAGES:
        copy = tmp_path / f"kiosk_{language}.ts"
        shutil.copy(TRANSLATIONS_DIR / f"kiosk_{language}.ts", copy)
        copies.append(str(copy))
    subprocess.run([str(ROOT / ".venv/bin/pyside6-lupdate"), "-silent", "-no-obsolete", "-locations", "none", *marked, "-ts", *copies],
                   cwd=ROOT, check=True)
    for copy in copies:
        new = [(c, m.findtext("source")) for c, m in messages(ET.parse(copy).getroot())
               if (m.find("translation") is not None and m.find("translation").get("type") == "unfinished")]
        assert not new, f"{Path(copy).name}: strings without a translation (run scripts/update_translations.sh, translate them): {new[:5]}"


@pytest.mark.parametrize("language", ["vi", "zh_CN", "en"])
def test_the_built_catalogue_is_the_source_one(language):
    """The .qm the app loads translates what the .ts says (so a .ts edited without running lrelease fails)."""
    translator = QTranslator()
    assert translator.load(str(TRANSLATIONS_DIR / f"kiosk_{language}.qm"))
    checked = 0
    for context, message in messages(catalogue(language)):
        if message.get("numerus") == "yes":
            continue
        assert translator.translate(context, message.findtext("source") or "") == (message.findtext("translation") or "")
        checked += 1
    assert checked > 500 or language == "en"


@pytest.fixture
def language(qapp: QApplication, request: pytest.FixtureRequest) -> Iterator[Translations]:
    translations = Translations()
    translations.use(Language(request.param))
    yield translations
    english(translations)


def greeting(kind: str = "in") -> Greeting:
    at = datetime(2026, 12, 7, 8, 5, tzinfo=timezone.utc)
    return Greeting(kind, 1, "Nguyễn Văn An", at, np.zeros((8, 8, 3), np.uint8), None)  # type: ignore[arg-type]


@pytest.mark.parametrize(("language", "welcome", "idle"), [
    ("vi", "Xin chào, Nguyễn Văn An", "Hãy nhìn vào camera để chấm công vào hoặc ra"),
    ("zh_CN", "欢迎，Nguyễn Văn An", "请看向摄像头签到或签退"),
], indirect=["language"])
def test_the_kiosk_greets_in_the_chosen_language(qtbot, language, welcome, idle):
    from gui.kiosk_view import GreetingBanner

    banner = GreetingBanner()
    qtbot.addWidget(banner)
    assert banner.detail.text() == idle
    banner.show_greeting(greeting())
    assert banner.title.text() == welcome
    assert banner.not_me.text() != "Not me"
    assert message_text(Message("Unknown code or wrong PIN. Attempts left: {attempts}.", attempts=2)) != (
        "Unknown code or wrong PIN. Attempts left: 2."
    ) and "2" in message_text(Message("Unknown code or wrong PIN. Attempts left: {attempts}.", attempts=2))


@pytest.mark.parametrize("language", ["vi", "zh_CN"], indirect=True)
def test_dates_and_numbers_follow_the_language(language):
    day, shown = date(2026, 12, 7), {"vi": ("7/12/2026", "1,5"), "zh_CN": ("2026/12/7", "1.5")}
    assert date_text(day) == shown[language.language.value][0]
    assert number_text(1.5, 1) == shown[language.language.value][1]


def test_the_system_locale_picks_a_translated_language(qapp):
    from gui.i18n import catalogue_language

    assert catalogue_language(QLocale("vi_VN")) is Language.VIETNAMESE
    assert catalogue_language(QLocale("zh_CN")) is Language.CHINESE
    assert catalogue_language(QLocale("de_DE")) is Language.ENGLISH  # no German yet: English


# -- every visible string goes through the translation system ------------------------------------------------------


class MarkingTranslator(QTranslator):
    """Wraps every text Qt is asked to translate in ⟦ ⟧, so that a text shown without them never went through it."""

    def translate(self, context: str, source: str, disambiguation: str | None = None, n: int = -1) -> str:
        return f"{MARK_OPEN}{source}{MARK_CLOSE}" if source else source


def untranslated_words(text: str) -> list[str]:
    """Latin words of ``text`` outside the marks, less what is shown untranslated on purpose."""
    bare, marked = text, re.compile(f"{MARK_OPEN}[^{MARK_OPEN}{MARK_CLOSE}]*{MARK_CLOSE}")
    while marked.search(bare):  # innermost first: a translated text may hold translated values
        bare = marked.sub(" ", bare)
    for allowed in UNTRANSLATED:
        bare = bare.replace(allowed, " ")
    bare = re.sub(r"\S*[\d_/\\.:@]\S*", " ", bare)  # paths, numbers, versions, file names
    return re.findall(r"[A-Za-z]{2,}", bare)


def visible_texts(root: QWidget) -> Iterator[tuple[str, str]]:
    """(where, text) for the words a person can see or hear in ``root``: labels, buttons, titles, tabs, headers,
    placeholders, tooltips, screen-reader names, list and combo items."""
    widgets = [root, *root.findChildren(QWidget)]
    for widget in widgets:
        where = f"{type(widget).__name__} {widget.objectName()}".strip()
        if isinstance(widget, QDialog):
            yield where, widget.windowTitle()
        if isinstance(widget, QLabel):
            yield where, widget.text()
        if isinstance(widget, QAbstractButton):
            yield where, widget.text()
        if isinstance(widget, QGroupBox):
            yield where, widget.title()
        if isinstance(widget, QLineEdit):
            yield where, widget.placeholderText()
        if isinstance(widget, QTabWidget):
            yield from ((where, widget.tabText(i)) for i in range(widget.count()))
        if isinstance(widget, QComboBox):
            yield from ((where, widget.itemText(i)) for i in range(widget.count()))
        if isinstance(widget, QListWidget) and widget.objectName() == "nav":
            yield from ((where, widget.item(i).text()) for i in range(widget.count()))
        if isinstance(widget, QTableView) and widget.model() is not None:
            model = widget.model()
            yield from ((where, str(model.headerData(c, Qt.Orientation.Horizontal) or "")) for c in range(model.columnCount(QModelIndex())))
            if hasattr(widget, "empty_text"):
                yield where, widget.empty_text
        if widget.objectName() != "problemsText":  # its tooltip: the runtime's reasons with paths, URLs and commands, as written
            yield where, widget.toolTip()
        yield where, widget.accessibleName()


@pytest.fixture
def marking(qapp: QApplication) -> Iterator[None]:
    """The marking translator, and a Chinese locale: weekday and month names come from the locale, not a catalogue."""
    translator = MarkingTranslator()
    qapp.installTranslator(translator)
    QLocale.setDefault(QLocale("zh_CN"))
    yield
    QLocale.setDefault(QLocale("en_GB"))
    qapp.removeTranslator(translator)


@pytest.fixture
def runtime(tmp_path: Path) -> Iterator[Runtime]:
    runtime = Runtime(AppConfig(data_dir=tmp_path / "data", models_dir=tmp_path / "models"))
    for code, name, department in (("E001", "Nguyễn Văn An", "Kho"), ("E002", "李明", "财务")):
        runtime.store.add_employee(code, name, department)
    yield runtime
    runtime.close()


def test_no_page_or_dialog_shows_a_string_that_skipped_translation(qtbot, marking, runtime, tmp_path):
    """Every page of the window (the live view and each admin page) and every dialog, built with a translator that
    marks what it translates: any Latin word left unmarked was never translatable."""
    from attendance.shifts import Shift
    from gui.attendance_dialogs import ManualEventDialog, ReasonDialog
    from gui.code_checkin import CheckInPinDialog, CodeCheckInDialog, NoFaceEmployeeDialog
    from gui.context import GuiContext
    from gui.employees_page import EmployeeDialog
    from gui.first_run import ModelsDialog
    from gui.main_window import MainWindow
    from gui.models import ModelDownloads
    from gui.pages import Page
    from gui.pin import NewPinDialog, PinDialog
    from gui.shifts_page import ShiftDialog

    context = GuiContext(runtime, tmp_path / "kiosk.toml", "0")
    downloads = ModelDownloads()
    window = MainWindow(context, runtime.pins, downloads, QSettings(str(tmp_path / "gui.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.unlocked = True
    window._update_chrome()
    employees = runtime.store.list_employees()

    dialogs: list[QWidget] = [
        CodeCheckInDialog(lambda c, p: None, lambda c, s, p: None, ""),  # type: ignore[arg-type, return-value]
        PinDialog(runtime.pins), NewPinDialog(runtime.pins), ManualEventDialog(employees, None),
        ReasonDialog("", ""), ShiftDialog(None, Shift("Early", time(6), time(14), 30, 5, frozenset(range(5)))),
        EmployeeDialog(employees[0], ["Kho"]), CheckInPinDialog("Nguyễn Văn An", lambda pin: None),
        NoFaceEmployeeDialog(lambda *a: None), ModelsDialog(runtime.config, tmp_path / "kiosk.toml", downloads),
    ]
    problems: list[str] = []
    for page in Page:
        if page is not Page.KIOSK:
            window.show_page(page, force=True)
            qtbot.waitUntil(lambda shown=window.page(page): not getattr(shown, "loading", False), timeout=10_000)
        problems += [f"{page.value}: {where}: {text!r}" for where, text in visible_texts(window.page(page)) if untranslated_words(text)]
    problems += [f"window: {where}: {text!r}" for where, text in visible_texts(window) if untranslated_words(text)]
    for dialog in dialogs:
        qtbot.addWidget(dialog)
        problems += [f"{type(dialog).__name__}: {where}: {text!r}" for where, text in visible_texts(dialog) if untranslated_words(text)]
    assert not problems, "shown without translation:\n" + "\n".join(sorted(set(problems)))


@pytest.mark.parametrize("language", ["zh_CN"], indirect=True)
def test_the_chart_draws_chinese_without_missing_glyphs(qtbot, language):
    import warnings

    from matplotlib import font_manager

    from gui.attendance_page import DailyChart

    if not any("CJK" in font.name for font in font_manager.fontManager.ttflist):
        pytest.skip("no CJK font installed (Debian: fonts-noto-cjk, which .ci/run installs)")
    chart = DailyChart()
    qtbot.addWidget(chart)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        chart.plot([])  # an empty period: its note, the title and the axis label, all in Chinese
        assert chart.canvas is not None
        chart.canvas.draw()
    assert chart.axes is not None and chart.axes.get_title() == "每日出勤人数"
    assert not [w for w in caught if "missing from font" in str(w.message)]


def test_every_models_purpose_is_translatable():
    """The registry's purposes (resources/models.toml) are marked in gui/models.py, so the catalogues hold them."""
    from gui.models import PURPOSES
    from pipeline.registry import ModelRegistry

    assert {spec.purpose for spec in ModelRegistry.load().models} <= set(PURPOSES)
