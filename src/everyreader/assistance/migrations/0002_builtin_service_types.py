from django.db import migrations

BUILT_IN = [
    ("reading-aloud", "reading_aloud", 60, "志愿者读书读报", "志願者讀書讀報", "Reading aloud by a volunteer",
     "一位经过培训的志愿者为您朗读书籍、报纸或信件。", "一位經過培訓的志願者為您朗讀書籍、報紙或信件。",
     "A trained volunteer reads books, newspapers or letters aloud to you."),
    ("sign-language", "sign_language", 60, "手语翻译", "手語翻譯", "Sign-language interpreter",
     "手语翻译员陪同您参加活动或在服务台办理事务。", "手語翻譯員陪同您參加活動或在服務台辦理事務。",
     "An interpreter joins you at an event or at the service desk."),
    ("escort", "escort", 30, "馆内陪同引导", "館內陪同引導", "Escort within the library",
     "工作人员或志愿者从入口接您，陪您找书、上下楼和使用设施。",
     "工作人員或志願者從入口接您，陪您找書、上下樓和使用設施。",
     "Someone meets you at the entrance and goes with you to find books, use lifts and facilities."),
]


def create(apps, schema_editor):
    ServiceType = apps.get_model("assistance", "ServiceType")
    for code, skill, minutes, hans, hant, en, d_hans, d_hant, d_en in BUILT_IN:
        ServiceType.objects.get_or_create(code=code, defaults={
            "skill": skill, "duration_minutes": minutes, "label_zh_hans": hans, "label_zh_hant": hant,
            "label_en": en, "description_zh_hans": d_hans, "description_zh_hant": d_hant, "description_en": d_en})


class Migration(migrations.Migration):
    dependencies = [("assistance", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
