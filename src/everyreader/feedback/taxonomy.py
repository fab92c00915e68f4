"""The seeded category taxonomy and service-level targets (editable afterwards in the workspace)."""

CATEGORIES = [
    # code, name, description, responsible department code
    ("service-attitude", "服务态度", "馆员的礼貌、耐心与尊重", "circulation"),
    ("waiting-time", "等候时间", "排队、预约、电话接通和答复的等候", "circulation"),
    ("collection-formats", "馆藏与无障碍格式", "盲文、大字、有声、易读版本等资源", "acquisitions"),
    ("building-access", "建筑无障碍", "坡道、电梯、卫生间、标识、停车", "facilities"),
    ("website-access", "网站无障碍", "网站、App 与读屏软件、放大、键盘操作", "digital-resources"),
    ("events", "阅读推广活动", "活动内容、时间、报名与现场无障碍", "activities"),
    ("equipment", "设备与辅具", "助视器、读屏电脑、助听环路等设备", "facilities"),
    ("staff-knowledge", "馆员专业能力", "手语、导盲、特殊读者服务知识", "training"),
    ("home-delivery", "借还与上门送书", "借阅、预约、续借、上门送书", "circulation"),
    ("partners", "合作与转介", "残联、学校、社区与志愿者合作", "partnerships"),
    ("other", "其他", "不属于以上任何一类", "service-improvement"),
]

# kind -> severity -> (acknowledge within, resolve within) in working days
TARGETS = {
    "complaint": {"low": (2, 10), "medium": (1, 5), "high": (1, 2)},
    "barrier": {"low": (2, 10), "medium": (1, 5), "high": (1, 2)},
    "question": {"low": (2, 5), "medium": (1, 3), "high": (1, 1)},
    "suggestion": {"low": (3, 20), "medium": (2, 15), "high": (1, 10)},
    "praise": {"low": (3, 10), "medium": (2, 10), "high": (2, 10)},
}


def seed(Category, ServiceTarget, Department):
    for order, (code, name, description, department_code) in enumerate(CATEGORIES):
        Category.objects.get_or_create(code=code, defaults={
            "name": name, "description": description, "department_code": department_code, "order": order * 10,
            "department": Department.objects.filter(code=department_code).first()})
    for kind, levels in TARGETS.items():
        for severity, (acknowledge, resolve) in levels.items():
            ServiceTarget.objects.get_or_create(kind=kind, severity=severity, defaults={
                "acknowledge_days": acknowledge, "resolve_days": resolve})
