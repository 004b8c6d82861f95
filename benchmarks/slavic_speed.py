"""Russian and Ukrainian parse speed (words/s after start-up), and start-up time of a French-only run.

    .venv/bin/python benchmarks/slavic_speed.py [--runs 5] [--repeat 20] [--baseline-src OTHER/src]

Texts: short news paragraphs written for this benchmark (no article copied), repeated. Start-up is
timed in fresh processes: a French-only run (Pipeline, warm-up of French, one French parse) must not
load natasha, pymorphy3 or lingua; the first Russian and Ukrainian parses show what loading them costs.
With --baseline-src (another checkout's src, e.g. the main branch before Russian and Ukrainian), the
French-only start-up is timed there too, alternating, so the ratio holds on a busy machine.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

RU = """Вчера российские войска нанесли ракетный удар по Харькову, сообщил глава областной администрации.
В Курской и Белгородской областях продолжаются бои, под Курском сбит беспилотник.
В понедельник в Москве прошли переговоры министров иностранных дел России и Турции.
Президент заявил в Киеве, что Украина не признает результаты голосования в Крыму.
В Донецке и Горловке прошли акции протеста, на прошлой неделе в Одессе задержали трех человек.
3 марта в районе Покровска и Авдеевки шли бои, сообщает Генштаб ВСУ."""
UK = """У понеділок російські війська обстріляли Харків, повідомив голова обласної військової адміністрації.
У Запорізькій області тривають бої, під Бахмутом та Авдіївкою точилися запеклі бої.
Учора в Києві відбулася зустріч міністрів закордонних справ України та Польщі.
Минулого тижня у Львові пройшов мітинг, а в Одесі затримали двох чоловіків.
3 березня в Миколаєві та Херсоні пролунали вибухи, повідомляє Генштаб ЗСУ.
У Сумській і Харківській областях оголосили евакуацію."""

_STARTUP = """
import sys, time
t = time.perf_counter()
from geo.parse.pipeline import Pipeline
p = Pipeline()
p.warm_up({warm!r})
p.parse({text!r}, language={lang!r})
took = time.perf_counter() - t
heavy = sorted(m for m in ("natasha", "slovnet", "navec", "pymorphy3", "lingua") if m in sys.modules)
print(took, time.process_time(), ",".join(heavy) or "none")
"""


def startup(lang: str, text: str, warm: list[str], src: Path = ROOT / "src") -> tuple[float, float, str]:
    """Wall and CPU seconds from import to the first parse in a fresh process (CPU time is what a busy
    machine inflates least), and which Slavic packages it loaded."""
    code = _STARTUP.format(warm=warm, text=text, lang=lang)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={"PYTHONPATH": str(src), "PATH": "/usr/bin:/bin"}).stdout.split()
    return float(out[0]), float(out[1]), out[2]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--repeat", type=int, default=20, help="copies of the texts per run")
    ap.add_argument("--baseline-src", type=Path, help="another checkout's src for the French start-up baseline")
    args = ap.parse_args()

    from geo.parse.pipeline import ParseInput, Pipeline

    pipeline = Pipeline()
    out: dict[str, object] = {}
    for lang, text in (("ru", RU), ("uk", UK)):
        pipeline.parse(text, language=lang)  # start-up: models and dictionaries loaded
        texts = [text] * args.repeat
        n_words = sum(len(t.split()) for t in texts)
        speeds = []
        for _ in range(args.runs):
            pipeline.gazetteer._inflected_key.cache_clear()  # no help from the previous run's look-ups
            t = time.perf_counter()
            for _r in pipeline.parse_many(ParseInput(x, str(i), lang) for i, x in enumerate(texts)):
                pass
            speeds.append(n_words / (time.perf_counter() - t))
        out[f"{lang}_words_per_s"] = round(statistics.median(speeds))
    french = "Frappe sur Kharkiv mardi : deux morts, selon le gouverneur. Les négociations reprennent à Riyad."
    fr, base = [], []
    for _ in range(args.runs):
        fr.append(startup("fr", french, ["fr"]))
        if args.baseline_src:
            base.append(startup("fr", french, ["fr"], args.baseline_src))
    for label, runs in (("fr_only_startup", fr), ("fr_only_startup_baseline", base)):
        if runs:
            out[f"{label}_wall_s"] = round(statistics.median(r[0] for r in runs), 2)
            out[f"{label}_cpu_s"] = round(statistics.median(r[1] for r in runs), 2)
    out["fr_only_loaded"] = fr[0][2]
    if base:
        ratio = out["fr_only_startup_cpu_s"] / out["fr_only_startup_baseline_cpu_s"]
        out["fr_only_startup_ratio_cpu"] = round(ratio, 2)
    for lang, text in (("ru", RU), ("uk", UK)):
        runs = [startup(lang, text, ["fr"]) for _ in range(max(1, args.runs // 2))]
        out[f"{lang}_first_parse_startup_wall_s"] = round(statistics.median(r[0] for r in runs), 2)
        out[f"{lang}_first_parse_startup_cpu_s"] = round(statistics.median(r[1] for r in runs), 2)
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
