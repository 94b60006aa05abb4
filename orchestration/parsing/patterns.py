"""Regular expressions for the structure all gazettes share, in one place.

They run on normalised text (simplified, NFKC, spaces inside Chinese removed), so they only
need to know ASCII parentheses and colons.
"""

from __future__ import annotations

import re

HAN = r"\u3400-\u9fff"
_YEAR_BRACKETS = r"[〔\[(【〖]\s*((?:19|20)\d{2})\s*[〕\])】〗]"

# 文号: issuer abbreviation + bracketed year + serial + 号 (绍政办发〔2018〕40号), or a decree (令第3号).
DOC_NUMBER = re.compile(
    rf"(?P<number>[{HAN}]{{1,12}}{_YEAR_BRACKETS}\s*第?\s*\d{{1,4}}\s*号"
    rf"|[{HAN}]{{2,20}}令\s*\(?\s*第\s*\d{{1,4}}\s*号\s*\)?"
    rf"|[{HAN}]{{2,20}}公告\s*(?:19|20)\d{{2}}\s*年\s*第\s*\d{{1,4}}\s*号)"
)
DOC_NUMBER_LINE = re.compile(rf"^[(〔\[【]?\s*(?:{DOC_NUMBER.pattern})\s*[)〕\]】]?$")


def is_doc_number_line(text: str) -> bool:
    """DOC_NUMBER_LINE.match, skipped on the many lines without 号: every form of it ends in 号."""
    return "号" in text and bool(DOC_NUMBER_LINE.match(text))


# Before 年内/年底: after a count (三年内, 3年内, 每年内) it is a duration, not this year.
NOT_AFTER_A_COUNT = r"(?<![\d每一二两三四五六七八九十几多半])"

DATE = re.compile(r"((?:19|20)\d{2})年(\d{1,2})月(\d{1,2})日")
DATE_START = re.compile(r"^(?:19|20)\d{2}年\d{1,2}月\d{1,2}日")
# A decree printed over two lines (广东省人民政府令 / 第290号), a signatory (省长马兴瑞), the
# 印发 line of a 版记 (济南市人民政府办公厅 2019年1月3日印发), a web page's date (发布日期:2024-4-11).
DECREE_HEAD = re.compile(rf"^[{HAN}]{{2,20}}令$")
DECREE_SERIAL = re.compile(r"^\(?第\s*\d{1,4}\s*号\)?$")
SIGNATORY = re.compile(
    rf"^(?:省长|副省长|市长|副市长|州长|县长|区长|主席|主任|部长|局长|厅长|署长|盟长|旗长)[{HAN}]{{2,4}}$"
)
ISSUE_LINE = re.compile(rf"^(?P<org>[{HAN}()]{{4,40}}?)\s*(?P<date>(?:19|20)\d{{2}}年\d{{1,2}}月\d{{1,2}}日)\s*印发$")
PUBLISHED_ON = re.compile(
    r"(?:发布日期|发布时间|成文日期|发文日期|印发日期)\s*:\s*((?:19|20)\d{2})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})"
)
PERIOD_LINE = re.compile(r"^\((?:19|20)\d{2}\s*[-—–~至]\s*(?:19|20)\d{2}\s*年?\)$")
OPENING_WORDS = re.compile(r"^(?:为了?|根据|按照|结合|近年来|当前|目前|随着)")
CN_DATE = re.compile(r"([〇零○O一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日")
DATE_LINE = re.compile(
    r"^\(?(?:(?:19|20)\d{2}年\d{1,2}月\d{1,2}日|[〇零○O一二三四五六七八九]{4}年[一二三四五六七八九十]{1,3}月"
    r"[一二三四五六七八九十]{1,3}日)\)?$"
)

# A document title: "…关于…的通知" or a plan title ending in a document-kind word.
DOC_KINDS = (
    "通知|意见|决定|批复|办法|规定|方案|函|报告|通报|公告|通告|命令|决议|细则|规则|条例|规划|计划|"
    "要点|纲要|预案|清单|指南|标准|制度|措施|实施方案|行动计划|分工表|分解表|任务表|一览表"
)
TITLE_END = re.compile(rf"(?:{DOC_KINDS})(?:\((?:试行|暂行|修订|\d{{4}}-\d{{4}}年?)\))?$")
RELATING_TITLE = re.compile(rf"^[^,，。;:：《]{{2,40}}关于.{{2,120}}(?:{DOC_KINDS})")
ADDRESSEE = re.compile(rf"^[{HAN}、,()()\s]{{2,120}}[:]$")
ISSUER_HEADER = re.compile(rf"^[{HAN}()]{{4,40}}文件$")
PROMULGATION = re.compile(
    r"(?:现将|现就|特制定|现印发|现转发)《([^》]{4,80})》[^。《]{0,20}(?:印发|转发|发布)"
    r"|^《([^》]{4,80})》[^。《]{0,40}(?:现予|现)(?:印发|转发|发布|公布)"
)

ORG_SUFFIX = re.compile(
    r"(?:人民政府|政府|办公厅|办公室|委员会|管委会|管理委员会|领导小组|指挥部|厅|局|委|办|院|署|中心|公司|集团|[\u3400-\u9fff]{2}部)$"
)
ADMIN_UNIT = re.compile(rf"[{HAN}]{{1,7}}?(?:特别行政区|自治区|自治州|自治县|自治旗|省|市|盟|地区|县|区|旗)")

# Outline markers, outermost first: 第一章 / 一、 / (一) / 1. / 1.5 / (1) / —— bullets.
OUTLINE_MARKERS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("chapter", re.compile(r"^第([一二三四五六七八九十百零〇]+)[章编]\s*")),
    ("section", re.compile(r"^第([一二三四五六七八九十百零〇]+)节\s*")),
    ("article", re.compile(r"^第([一二三四五六七八九十百零〇]+)条\s*")),
    ("cn", re.compile(r"^([一二三四五六七八九十百]+)\s*[、,.]\s*")),
    ("paren_cn", re.compile(r"^\(([一二三四五六七八九十百]+)\)\s*")),
    ("num", re.compile(r"^(\d{1,3})\s*(?:[、,]|\.(?!\d))\s*")),
    ("decimal", re.compile(r"^(\d{1,2}(?:\.\d{1,2}){1,3})\.?\s*(?=[\u4e00-\u9fff])")),
    ("paren_num", re.compile(r"^\((\d{1,3})\)\s*")),
    ("dash", re.compile(r"^(?:——|—|-)\s*(?=\S)")),
)
# The first character of every marker above, besides a digit (\d, which is str.isdecimal).
OUTLINE_OPENERS = frozenset("第一二三四五六七八九十百(—-")
OUTLINE_RANK = {name: rank for rank, (name, _) in enumerate(OUTLINE_MARKERS)}

ATTACHMENT = re.compile(r"^附件\s*(\d{1,2}|[一二三四五六七八九十]{1,3})?\s*[:.、]?\s*(.*)$")
SENTENCE_END = "。!?;"
CLAUSE_END = SENTENCE_END + ":)”\"'〕】"
