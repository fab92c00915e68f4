"""to_traditional: OpenCC s2t plus the Traditional-usage term table."""

import pytest

pytest.importorskip("opencc")

from everyreader.core.i18n import to_traditional  # noqa: E402


@pytest.mark.parametrize(
    ("hans", "hant"),
    [
        ("请登录您的账户", "請登入您的帳戶"),
        ("退出登录", "登出"),  # not 退出登入
        ("默认设置", "預設設定"),
        ("为您打印信件", "為您列印信件"),
        ("这里是个人信息", "這裡是個人資料"),  # not 個人資訊
        ("更多信息和数据", "更多資訊和資料"),
        ("员工工作台", "員工工作台"),
        ("盲文信件", "點字信件"),
        ("启用“大字”", "啟用「大字」"),
        ("打开链接查看文档", "打開連結查看文件"),
    ],
)
def test_to_traditional(hans, hant):
    assert to_traditional(hans) == hant


def test_to_traditional_keeps_format_markers_and_spacing():
    assert to_traditional(" 已为 %(name)s 发送 %(count)d 条消息\n") == " 已為 %(name)s 發送 %(count)d 條消息\n"


def test_to_traditional_is_idempotent():
    once = to_traditional("登录后可以修改默认设置")
    assert to_traditional(once) == once
