"""``loket survey``: import responses, write reports, analyse a file, seed the questionnaires.

loket survey import FILE --office zona-8 --period 2026-S1 [--survey skm] [--skip-bad-rows]
loket survey report --period 2026-S1 [--office zona-8] [--survey skm] --format pdf|xlsx|json [-o FILE]
loket survey analyze FILE.csv [--skip-bad-rows]       (no database needed)
loket survey seed                                      (idempotent; the migration does it too)
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

FORMATS = ("pdf", "xlsx", "json")


class Command(BaseCommand):
    help = "Satisfaction survey (SKM/IKM): import, report, analyze, seed."
    # ``analyze`` must run without a database: no system checks, no migration check.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="{import,report,analyze,seed}")
        importing = sub.add_parser("import", help="Import responses from a CSV or XLSX file.")
        importing.add_argument("file")
        importing.add_argument("--office", required=True, help="office code, e.g. zona-8")
        importing.add_argument("--period", required=True, help="2026, 2026-S1, 2026-Q3 or 2026-11")
        importing.add_argument("--survey", default="skm", help="questionnaire key (skm or kinerja)")
        importing.add_argument("--skip-bad-rows", action="store_true", help="import the good rows anyway")
        report = sub.add_parser("report", help="Write the report of a period.")
        report.add_argument("--period", required=True)
        report.add_argument("--office", help="office code; all offices when left out")
        report.add_argument("--survey", default="skm")
        report.add_argument("--format", choices=FORMATS, default="json")
        report.add_argument("-o", "--output", help="file to write; JSON goes to standard output by default")
        report.add_argument("--language", choices=("id", "en"), default="id")
        analyze = sub.add_parser("analyze", help="Analyse a CSV/XLSX file alone, without the database.")
        analyze.add_argument("file")
        analyze.add_argument("--skip-bad-rows", action="store_true")
        sub.add_parser("seed", help="Create the SKM and indicator questionnaires if missing.")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "analyze":
            self._analyze(options)
        elif action == "import":
            self._import(options)
        elif action == "report":
            self._report(options)
        else:
            self._seed()

    def _read(self, name: str) -> bytes:
        path = Path(name)
        if not path.is_file():
            raise CommandError(_("No such file: %(name)s") % {"name": name})
        return path.read_bytes()

    def _analyze(self, options: dict[str, Any]) -> None:
        from loket.surveys.standalone import BadRows, analyze_file
        from loket.surveys.tabular import TableError

        try:
            result = analyze_file(self._read(options["file"]), skip_bad_rows=options["skip_bad_rows"])
        except TableError as exc:
            raise CommandError(exc.message) from None
        except BadRows as exc:
            for error in exc.errors:
                self.stderr.write(str(error))
            message = _("%(count)s bad cells; nothing analysed (or use --skip-bad-rows).")
            raise CommandError(message % {"count": len(exc.errors)}) from None
        self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))

    def _office(self, code: str) -> Any:
        from loket.offices.models import Office

        office = Office.objects.filter(code=code).first()
        if office is None:
            raise CommandError(_("No office with code “%(code)s”.") % {"code": code})
        return office

    def _questionnaire_and_period(self, options: dict[str, Any]) -> tuple[Any, Any]:
        from loket.core.errors import ServiceError
        from loket.surveys.periods import PeriodError, parse_period
        from loket.surveys.services import questionnaire_by_key

        try:
            period = parse_period(options["period"])  # the period first: it needs no database
            return questionnaire_by_key(options["survey"]), period
        except (ServiceError, PeriodError) as exc:
            raise CommandError(str(exc)) from None

    def _import(self, options: dict[str, Any]) -> None:
        from loket.core.errors import ServiceError
        from loket.surveys.services import ImportRejected, survey_import

        questionnaire, period = self._questionnaire_and_period(options)
        office = self._office(options["office"])
        try:
            result = survey_import(
                actor=None,
                office=office,
                questionnaire=questionnaire,
                period=period,
                data=self._read(options["file"]),
                filename=Path(options["file"]).name,
                skip_bad_rows=options["skip_bad_rows"],
            )
        except ImportRejected as exc:
            for error in exc.errors:
                self.stderr.write(_row_error(error))
            raise CommandError(exc.message) from None
        except ServiceError as exc:
            raise CommandError(exc.message) from None
        for error in result.skipped:
            self.stderr.write(_("skipped: %(error)s") % {"error": _row_error(error)})
        done = _("%(count)s responses imported into %(period)s at %(office)s.")
        self.stdout.write(done % {"count": result.imported, "period": period.label, "office": office.code})

    def _report(self, options: dict[str, Any]) -> None:
        from loket.surveys.reports.json import report_dict
        from loket.surveys.reports.pdf import report_pdf
        from loket.surveys.reports.xlsx import report_xlsx
        from loket.surveys.selectors import survey_report_for_system

        questionnaire, period = self._questionnaire_and_period(options)
        office = self._office(options["office"]) if options["office"] else None
        report = survey_report_for_system(
            questionnaire=questionnaire, period=period, office=office, language=options["language"]
        )
        kind, output = options["format"], options["output"]
        if kind == "json":
            text = json.dumps(report_dict(report), ensure_ascii=False, indent=2)
            if output in (None, "-"):
                self.stdout.write(text)
                return
            data = text.encode()
        elif kind == "pdf":
            data = report_pdf(report, language=options["language"])
        else:
            data = report_xlsx(report, language=options["language"])
        if output in (None, "-") and kind != "json":
            output = f"{questionnaire.key}-{office.code if office else 'all'}-{period.label}.{kind}"
        if output == "-":
            sys.stdout.buffer.write(data)
            return
        Path(output).write_bytes(data)
        self.stdout.write(_("Wrote %(file)s (%(size)s bytes).") % {"file": output, "size": len(data)})

    def _seed(self) -> None:
        from loket.surveys.models import Question, Questionnaire, QuestionnaireVersion
        from loket.surveys.seed import seed_questionnaires

        created = seed_questionnaires(Questionnaire, QuestionnaireVersion, Question)
        if created:
            self.stdout.write(_("Created: %(keys)s.") % {"keys": ", ".join(created)})
        else:
            self.stdout.write(_("The questionnaires are already there."))


def _row_error(error: Any) -> str:
    return _("row %(row)s, column “%(column)s”: %(message)s") % {
        "row": error.row,
        "column": error.column or "-",
        "message": error.message,
    }
