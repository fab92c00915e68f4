"""Demo catalogue: a few hundred records (Chinese first, English, romanised records with 880
Chinese script, lendable devices) in many accessible formats, with items at the three demo
branches. The records are generated as MARC in code and loaded through the real importer."""

from __future__ import annotations

import io

from everyreader.accounts.models import Branch
from everyreader.catalog import indexing
from everyreader.catalog.demo_data import DEVICES, EN_WORKS, ROMANISED, ZH_WORKS
from everyreader.catalog.marc.importer import Importer
from everyreader.catalog.marc.writing import build_marc
from everyreader.catalog.models import Item, Record
from everyreader.catalog.vocab import FORMAT_ACCESS_MODES, FORMAT_FEATURES, Format, ItemStatus

SOURCE = "EveryReader-demo"
SUMMARIES = {
    Format.LARGE_PRINT: "大字版，字号 {size} 磅，行距加大，纸张不反光。",
    Format.BRAILLE: "{grade}级盲文，双面印刷，附盲文目录。",
    Format.AUDIO: "真人朗读有声书，MP3 格式，可在手机或听书机上收听。",
    Format.DAISY: "DAISY 有声书：可按章节、页码跳转，文字与声音同步。",
    Format.ETEXT: "EPUB 3 电子书，可调字号和颜色，支持读屏软件，有目录导航。",
    Format.EASY_READ: "易读版：短句、常用词、每页配图，适合阅读困难和智力障碍读者。",
    Format.SIGN_VIDEO: "中国手语讲述视频，附字幕。",
    Format.CAPTIONED_VIDEO: "视频配有中文字幕和口述影像。",
    Format.TACTILE: "触摸图书：凸起图形和盲文文字，适合视障儿童。",
    Format.PRINT: "普通印刷本。",
}
ZH_FORMATS = [Format.LARGE_PRINT, Format.BRAILLE, Format.AUDIO, Format.DAISY, Format.ETEXT]
CHILD_FORMATS = [Format.TACTILE, Format.EASY_READ, Format.SIGN_VIDEO]
EN_FORMATS = [Format.LARGE_PRINT, Format.BRAILLE, Format.AUDIO, Format.ETEXT]
SHELVES = {Format.PRINT: "普通书库", Format.LARGE_PRINT: "大字书架", Format.BRAILLE: "盲文书库",
           Format.AUDIO: "视障阅览室", Format.DAISY: "视障阅览室", Format.ETEXT: "数字资源",
           Format.EASY_READ: "易读书架", Format.SIGN_VIDEO: "视听资料区", Format.CAPTIONED_VIDEO: "视听资料区",
           Format.TACTILE: "少儿无障碍角", Format.DEVICE: "辅具借还处"}


def _record(number: int, **fields) -> Record:
    fmt = fields.get("format", Format.PRINT)
    fields.setdefault("access_modes", list(FORMAT_ACCESS_MODES.get(fmt, [])))
    fields.setdefault("access_mode_sufficient", [list(FORMAT_ACCESS_MODES.get(fmt, []))]
                      if fmt != Format.PRINT else [])
    fields.setdefault("accessibility_features", list(FORMAT_FEATURES.get(fmt, [])))
    if fmt in (Format.ETEXT, Format.DAISY):
        fields["accessibility_features"] = [*fields["accessibility_features"], "tableOfContents"]
    if fmt in (Format.SIGN_VIDEO, Format.CAPTIONED_VIDEO):
        fields.setdefault("accessibility_hazards", ["noFlashingHazard"])
    return Record(control_number=f"D{number:06d}", control_source=SOURCE, **fields)


def build_records(rng) -> list[Record]:
    records: list[Record] = []
    number = 0

    def add(**fields):
        nonlocal number
        number += 1
        records.append(_record(number, **fields))

    for title, author, resp, publisher, year, audience, subjects, summary in ZH_WORKS:
        formats = [Format.PRINT] + rng.sample(ZH_FORMATS, rng.randint(2, 4))
        if audience in ("children", "preschool"):
            formats += rng.sample(CHILD_FORMATS, rng.randint(1, 2))
        elif rng.random() < 0.25:
            formats.append(rng.choice([Format.EASY_READ, Format.CAPTIONED_VIDEO, Format.SIGN_VIDEO]))
        for fmt in formats:
            size = rng.choice([18, 20, 24]) if fmt == Format.LARGE_PRINT else None
            grade = rng.choice([1, 2]) if fmt == Format.BRAILLE else None
            edition_publisher = "中国盲文出版社" if fmt in (Format.BRAILLE, Format.LARGE_PRINT, Format.DAISY,
                                                           Format.TACTILE) else publisher
            add(title=title, responsibility=resp, contributors=[author], publisher=edition_publisher,
                place="北京", year=year + (rng.randint(0, 4) if fmt != Format.PRINT else 0), language="chi",
                audience=audience, subjects=subjects, summary=summary, format=fmt, large_print_size=size,
                braille_grade=grade,
                accessibility_summary=SUMMARIES[fmt].format(size=size, grade="一" if grade == 1 else "二"),
                isbn=_isbn(rng) if fmt in (Format.PRINT, Format.LARGE_PRINT, Format.ETEXT) else "")
    for title, author, resp, publisher, year, audience, subjects, summary in EN_WORKS:
        for fmt in [Format.PRINT] + rng.sample(EN_FORMATS, rng.randint(1, 3)):
            size = rng.choice([16, 18, 24]) if fmt == Format.LARGE_PRINT else None
            grade = 2 if fmt == Format.BRAILLE else None
            add(title=title, responsibility=resp, contributors=[author], publisher=publisher, place="London",
                year=year, language="eng", audience=audience, subjects=subjects, summary=summary, format=fmt,
                large_print_size=size, braille_grade=grade, isbn=_isbn(rng) if fmt == Format.PRINT else "",
                accessibility_summary={Format.LARGE_PRINT: f"Large print, {size} point.",
                                       Format.BRAILLE: "Contracted (grade 2) braille.",
                                       Format.AUDIO: "Unabridged audio, read by a professional narrator.",
                                       Format.ETEXT: "EPUB 3 with navigation; works with screen readers."
                                       }.get(fmt, ""))
    for title, original, author, resp, resp_original, publisher, year in ROMANISED:
        add(title=title, title_original=original, responsibility=resp, responsibility_original=resp_original,
            contributors=[author], publisher=publisher, place="Beijing", year=year, language="chi",
            format=Format.PRINT, subjects=["Chinese fiction"])
    for name, summary, features, modes in DEVICES:
        add(title=name, summary=summary, format=Format.DEVICE, language="chi", audience="general",
            accessibility_features=features, access_modes=modes, access_mode_sufficient=[modes],
            accessibility_summary=summary, subjects=["辅助器具"])
    return records


def _isbn(rng) -> str:
    digits = [9, 7, 8, 7] + [rng.randint(0, 9) for _ in range(8)]
    check = (10 - sum(d * (1 if i % 2 == 0 else 3) for i, d in enumerate(digits)) % 10) % 10
    return "".join(map(str, digits + [check]))


def seed(ctx):
    rng = ctx["random"]
    records = build_records(rng)
    stream = io.BytesIO(b"".join(build_marc(r).as_marc() for r in records))
    totals = Importer(batch_size=500).run(stream)
    branches = list(Branch.objects.filter(code__in=["central", "east", "riverside"]).order_by("code"))
    if not branches:
        branches = list(Branch.objects.order_by("code")[:3])
    items = []
    demo = list(Record.objects.filter(control_source=SOURCE).order_by("control_number"))
    for record in demo:
        count = rng.randint(1, 3)
        for copy, branch in enumerate(rng.sample(branches, min(count, len(branches))), start=1):
            status = rng.choices([ItemStatus.AVAILABLE, ItemStatus.ON_LOAN, ItemStatus.ON_HOLD],
                                 weights=[70, 25, 5])[0]
            items.append(Item(record=record, branch=branch, barcode=f"{record.control_number}-{copy}",
                              format=record.format, status=status, shelf_location=SHELVES.get(record.format, ""),
                              call_number=f"I{rng.randint(200, 299)}.{rng.randint(1, 9)}"))
    Item.objects.bulk_create(items, ignore_conflicts=True)
    indexing.reindex(r.pk for r in demo)
    ctx["catalog_records"] = len(demo)
    if ctx.get("stdout"):
        ctx["stdout"].write(f"  catalogue: {len(demo)} records ({totals.created} new), {len(items)} items")
