"""Demo organisation: three branches, the programme's departments, about ten staff."""

from django.contrib.auth.models import Group

from everyreader.accounts.models import Branch, Department, User
from everyreader.accounts.roles import ADMINISTRATOR, DEPARTMENT_HEAD, LIBRARIAN, PROGRAMME_MANAGER

BRANCHES = [
    ("central", "市图书馆总馆", "人民路 100 号", "010-6000 1000", [0, 1, 2, 3, 4, 5, 6],
     "无台阶入口，坡道坡度 1:20；电梯有盲文按键和语音报层；服务台设低位窗口和助听环路；无障碍卫生间在一楼。"),
    ("east", "东城分馆", "东风街 18 号", "010-6000 2000", [1, 2, 3, 4, 5, 6],
     "入口有坡道；阅览区在一楼；设有视障阅览室和助视器。"),
    ("riverside", "滨河社区分馆", "滨河路 7 号", "010-6000 3000", [1, 3, 5, 6],
     "社区中心一楼；门宽 0.9 米；无障碍卫生间在社区中心大厅。"),
]

DEPARTMENTS = [
    ("needs-research", "需求调研组", "开展特殊读者需求调研，分析阅读特点与服务需求，撰写调研报告。"),
    ("acquisitions", "采编部", "采购盲文、大字、有声等无障碍资源，编目并维护馆藏。"),
    ("digital-resources", "数字资源部", "建设与维护数字无障碍资源和网站，制作无障碍副本。"),
    ("facilities", "设施与后勤部", "开展无障碍环境评估与改造，维护无障碍设备设施。"),
    ("training", "培训部", "组织馆员特殊读者服务培训，评估培训效果。"),
    ("activities", "活动推广部", "策划和组织面向特殊读者的阅读推广活动。"),
    ("partnerships", "合作发展部", "与残联、学校、社区和志愿者组织建立和维护合作关系。"),
    ("evaluation", "评估部", "建立服务质量评估体系，定期开展评估并报告结果。"),
    ("service-improvement", "服务改进组", "根据评估和读者反馈制定并落实服务改进措施。"),
    ("circulation", "流通与服务台", "办理借还、预约、上门送书和读者咨询；受理意见和投诉。"),
]

# username, display name, job title, branch code, roles, departments (head of first if head)
STAFF = [
    ("admin", "系统管理员 赵敏", "系统管理员", "central", [ADMINISTRATOR], [], False),
    ("manager", "项目经理 钱立", "特殊读者服务项目经理", "central", [PROGRAMME_MANAGER], ["evaluation"], False),
    ("depthead", "流通部主任 孙红", "流通与服务台主任", "central", [DEPARTMENT_HEAD, LIBRARIAN], ["circulation"], True),
    ("librarian", "馆员 李明", "前台馆员", "central", [LIBRARIAN], ["circulation"], False),
    ("zhouyan", "周燕", "需求调研组组长", "central", [DEPARTMENT_HEAD], ["needs-research", "evaluation"], True),
    ("wujun", "吴军", "采编部主任", "central", [DEPARTMENT_HEAD], ["acquisitions"], True),
    ("zhengli", "郑丽", "数字资源部主任", "central", [DEPARTMENT_HEAD], ["digital-resources"], True),
    ("wangqiang", "王强", "设施主管", "central", [DEPARTMENT_HEAD], ["facilities"], True),
    ("fengxue", "冯雪", "培训与活动主管", "east", [DEPARTMENT_HEAD, LIBRARIAN], ["training", "activities"], True),
    ("chenhao", "陈浩", "合作与改进主管", "central", [DEPARTMENT_HEAD], ["partnerships", "service-improvement"], True),
    ("liuyang", "刘洋", "分馆馆员", "east", [LIBRARIAN], ["circulation", "activities"], False),
    ("huangmei", "黄梅", "社区馆员", "riverside", [LIBRARIAN], ["circulation"], False),
]


def seed(ctx):
    branches = {}
    for code, name, address, phone, days, notes in BRANCHES:
        branches[code], _ = Branch.objects.get_or_create(
            code=code, defaults={"name": name, "address": address, "phone": phone,
                                 "opening_days": days, "accessibility_notes": notes})
    departments = {}
    for code, name, duties in DEPARTMENTS:
        departments[code], _ = Department.objects.get_or_create(
            code=code, defaults={"name": name, "duties": duties})
    groups = {g.name: g for g in Group.objects.all()}
    for username, display, job, branch, roles, depts, heads in STAFF:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"display_name": display, "job_title": job, "branch": branches[branch],
                      "email": f"{username}@library.example"})
        if created:
            user.set_password(ctx["password"])
            if username == "admin":
                user.is_superuser = True
                user.is_staff = True
            user.save()
            user.groups.set([groups[r] for r in roles])
        for index, code in enumerate(depts):
            department = departments[code]
            department.members.add(user)
            if heads and (index == 0 or code in ("activities", "service-improvement", "evaluation") and username != "manager"):
                if department.head_id is None:
                    department.head = user
                    department.save(update_fields=["head"])
    # The evaluation department reports to the programme manager when no head is set.
    evaluation = departments["evaluation"]
    if evaluation.head_id is None:
        evaluation.head = User.objects.get(username="manager")
        evaluation.save(update_fields=["head"])
    ctx["branches"] = branches
    ctx["departments"] = departments
    ctx["staff"] = {u.username: u for u in User.objects.filter(username__in=[s[0] for s in STAFF])}
    ctx["logins"] = [("admin", "system administrator"), ("librarian", "frontline librarian"),
                     ("depthead", "department head"), ("manager", "programme manager")]
