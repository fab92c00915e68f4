"""The seeded needs taxonomy (functional needs, never diagnoses). Staff can add more in the admin.

(code, zh-hans, zh-hant, en, print_disability)
"""

TAXONOMY = [
    ("vision", "视力", "視力", "Vision", [
        ("blind", "全盲", "全盲", "Blind", True),
        ("low-vision", "低视力", "低視力", "Low vision", True),
    ]),
    ("hearing", "听力", "聽力", "Hearing", [
        ("deaf", "聋（使用手语）", "聾（使用手語）", "Deaf (sign language user)", False),
        ("hard-of-hearing", "听力减退", "聽力減退", "Hard of hearing", False),
    ]),
    ("mobility", "行动", "行動", "Mobility", [
        ("wheelchair", "使用轮椅", "使用輪椅", "Uses a wheelchair", False),
        ("walking", "行走困难", "行走困難", "Difficulty walking", False),
    ]),
    ("dexterity", "手部动作", "手部動作", "Dexterity", [
        ("dexterity", "难以翻页或握持书本", "難以翻頁或握持書本", "Difficulty holding a book or turning pages", True),
    ]),
    ("reading", "阅读与学习", "閱讀與學習", "Reading and learning", [
        ("dyslexia", "阅读障碍（读写困难）", "閱讀障礙（讀寫困難）", "Dyslexia (reading difficulty)", True),
        ("low-literacy", "识字较少", "識字較少", "Limited literacy", False),
    ]),
    ("intellectual", "理解", "理解", "Understanding", [
        ("easy-understanding", "需要易读易懂的材料", "需要易讀易懂的材料", "Needs easy-to-understand material", False),
    ]),
    ("communication", "言语沟通", "言語溝通", "Speech and communication", [
        ("speech", "言语表达困难", "言語表達困難", "Difficulty speaking", False),
    ]),
    ("elderly", "年长相关", "年長相關", "Age-related", [
        ("age-related-reading", "年长导致阅读吃力", "年長導致閱讀吃力", "Age-related reading fatigue", False),
    ]),
    ("language", "语言", "語言", "Language", [
        ("non-native", "非母语读者", "非母語讀者", "Non-native reader", False),
    ]),
    ("health", "居家与健康", "居家與健康", "Home and health", [
        ("housebound", "居家，难以到馆", "居家，難以到館", "Housebound", False),
        ("chronic-illness", "长期患病，精力有限", "長期患病，精力有限", "Chronic illness, limited energy", False),
        ("quiet-space", "需要安静环境与心理支持", "需要安靜環境與心理支持", "Needs a quiet space and support", False),
    ]),
]


def seed_taxonomy(NeedCategory, NeedType):
    for c_order, (code, hans, hant, en, types) in enumerate(TAXONOMY):
        category, _ = NeedCategory.objects.update_or_create(
            code=code, defaults={"label_zh_hans": hans, "label_zh_hant": hant, "label_en": en,
                                 "order": c_order * 10})
        for t_order, (t_code, t_hans, t_hant, t_en, print_disability) in enumerate(types):
            NeedType.objects.update_or_create(
                code=t_code, defaults={"category": category, "label_zh_hans": t_hans,
                                       "label_zh_hant": t_hant, "label_en": t_en,
                                       "order": c_order * 10 + t_order, "print_disability": print_disability})
