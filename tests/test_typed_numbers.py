"""Numbers in the chapters' prose come from code (issue 11): no typed measurements.

Every markdown cell of every ``book/*.ipynb`` (and every figure caption and alt text) is
read as a reader sees it (alt text, which cannot hold glue, only for values that look
measured: see :func:`measured_looking_numbers`). A number may appear

- through glue (``{glue:text}`ch02_best_h:.0e```): it is what the code computed;
- inside math (``$x^2$``, ``$h = 10^{-3}$``): a constant of a formula or a chosen input.
  But inside math too, what looks measured is reported: a value after an approximation
  sign with 3 or more significant digits (``\\approx 27.6``), a mantissa other than 1 in
  scientific notation (``4 \\times 10^{-18}``), and any decimal with 5 or more
  significant digits;
- in code, a role's target (``{numref}`fig-ch02-x```, ``{eq}``, ``{cite}``), a directive's
  arguments and options (``:label: ex-ch02-q1``), a link's address or an HTML comment;
- where a pattern of ``tests/typed_numbers_allowed.cfg`` covers it (years, "chapter 7",
  float64...), each with its reason.

Every other digit in the prose is reported, and so are number words that state a measured
amount ("about two hundred", "fifteen or so"). One test per notebook, so a chapter's
owner runs ``pytest tests/test_typed_numbers.py -k 02_derivatives``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted(REPO.glob("book/*.ipynb"))
ALLOWED_FILE = Path(__file__).with_name("typed_numbers_allowed.cfg")

# A number standing alone (not the digit of a name such as v4, float64 or ch02), with its
# exponent (1e-8) or ordinal ending (40th).
NUMBER = re.compile(r"(?<![A-Za-z_\d.])\d+(?:[.,]\d+)*(?:e[-+]?\d+|st|nd|rd|th)?(?![A-Za-z_\d])")
NUMBER_WORD = (
    r"(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|"
    r"seventy|eighty|ninety|a hundred|hundred|a thousand|thousand|a million|million|"
    r"a dozen|dozen)(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?"
    r"(?: (?:hundred|thousand|million))?"
)
HEDGED_NUMBER_WORD = re.compile(
    rf"(?i)\b(?:about|around|roughly|approximately|nearly|almost|some|"
    rf"more than|less than|fewer than|close to|well over)\s+{NUMBER_WORD}\b"
    rf"|\b{NUMBER_WORD}\s+or so\b"
)

# Markup whose digits are not prose. Order matters: code and math are cut out before roles.
FENCE = re.compile(r"^(`{3,}|:{3,})(.*)$")
DISPLAY_MATH = re.compile(r"\$\$(.+?)\$\$(?:\s*\([\w-]+\))?", re.S)
ENVIRONMENT = re.compile(r"\\begin\{(\w+\*?)\}.+?\\end\{\1\}", re.S)
INLINE_CODE = re.compile(r"(`+).+?\1", re.S)
MATH_ROLE = re.compile(r"\{math\}`([^`]*)`")
ROLE = re.compile(r"\{[\w:.-]+\}`[^`]*`")
INLINE_MATH = re.compile(r"(?<![\\$])\$(?!\$)(.+?)(?<![\\$])\$", re.S)
LINK_TARGET = re.compile(r"\]\([^)]*\)|\]\[[^\]]*\]")
HTML = re.compile(r"<!--.*?-->|</?[a-zA-Z][^>]*>", re.S)
TARGET_LINE = re.compile(r"^\s*\([\w-]+\)=\s*$", re.M)
OPTION_LINE = re.compile(r"^\s*:[\w-]+:.*$", re.M)
LIST_MARKER = re.compile(r"^(\s*)\d+[.)](?=\s)", re.M)
FOOTNOTE = re.compile(r"\[\^[^\]]+\]")

APPROXIMATION = re.compile(
    r"(?:\\approx|≈|\\simeq|\\sim|\\doteq|\\fallingdotseq)\s*(?:\\,|\\;|\s)*"
    r"(-?\d+(?:[.,]\d+)*)(?!\s*\^)"
)
SCIENTIFIC = re.compile(r"(\d+(?:\.\d+)?)\s*(?:\\times|\\cdot|×)\s*10\s*\^")
LONG_DECIMAL = re.compile(r"\d*\.\d+")


@dataclass(frozen=True)
class Finding:
    cell: int
    text: str
    context: str

    def __str__(self) -> str:
        return f"cell {self.cell}: {self.text!r} in ...{self.context}..."


def read_allowed(path: Path = ALLOWED_FILE) -> list[tuple[str, re.Pattern[str]]]:
    """The ``[reason]`` / ``regex:`` pairs of the allowed-numbers file."""
    entries, reason = [], None
    for line in path.read_text().splitlines():
        line = line.strip()
        if line.startswith("[") and line.endswith("]"):
            reason = line[1:-1].strip()
        elif line.startswith("regex:"):
            assert reason, f"{path.name}: every regex needs a [reason] line above it"
            entries.append((reason, re.compile(line.removeprefix("regex:").strip())))
            reason = None
    return entries


ALLOWED = read_allowed()


def significant_digits(number: str) -> int:
    digits = number.replace(",", "").lstrip("-")
    if "." in digits:
        return len(digits.replace(".", "").lstrip("0"))
    return len(digits.lstrip("0").rstrip("0")) or 1


def _fence_kind(info: str) -> str:
    """What the lines of a fenced block are: a directive's body ({exercise}, {admonition})
    is prose, a {math} block is math, anything else (code, {code-cell}) is neither."""
    info = info.strip()
    if info.startswith("{math}"):
        return "math"
    if info.startswith("{") and not info.startswith("{code"):
        return "prose"
    return "code"


def _blank_fences(markdown: str, math: list[str]) -> str:
    lines, stack = [], []  # stack: (marker, kind) of the fenced blocks open here
    for line in markdown.splitlines():
        fence = FENCE.match(line.strip())
        inside = stack[-1][1] if stack else "prose"
        if (
            fence
            and stack
            and fence.group(2).strip() == ""
            and (fence.group(1).startswith(stack[-1][0]))
        ):
            stack.pop()
        elif fence and inside == "prose":
            stack.append((fence.group(1), _fence_kind(fence.group(2))))
        elif inside == "prose":
            lines.append(line)
            continue
        elif inside == "math":
            math.append(line)
        lines.append("")
    return "\n".join(lines)


def split_prose(markdown: str) -> tuple[str, list[str]]:
    """The prose of a markdown cell (markup blanked) and its math expressions."""
    math: list[str] = []

    def keep_math(match: re.Match[str]) -> str:
        math.append(match.group(1) if match.re.groups else match.group(0))
        return " "

    text = _blank_fences(markdown, math)
    text = TARGET_LINE.sub(" ", OPTION_LINE.sub(" ", text))
    text = FOOTNOTE.sub(" ", LIST_MARKER.sub(r"\1 ", text))
    text = MATH_ROLE.sub(keep_math, text)
    text = INLINE_CODE.sub(" ", text)
    text = DISPLAY_MATH.sub(keep_math, text)
    text = ENVIRONMENT.sub(lambda match: keep_math(re.match(r".*", match.group(0), re.S)), text)
    text = ROLE.sub(" ", text)
    text = INLINE_MATH.sub(keep_math, text)
    text = HTML.sub(" ", text)
    return LINK_TARGET.sub("]", text), math


def _allowed(text: str, start: int, end: int) -> bool:
    return any(
        match.start() <= start and end <= match.end()
        for _, pattern in ALLOWED
        for match in pattern.finditer(text)
    )


def _context(text: str, start: int, end: int) -> str:
    return " ".join(text[max(0, start - 35) : end + 35].split())


def typed_numbers_in_prose(prose: str) -> list[tuple[str, str]]:
    found = []
    for match in NUMBER.finditer(prose):
        if not _allowed(prose, match.start(), match.end()):
            found.append((match.group(0), _context(prose, match.start(), match.end())))
    for match in HEDGED_NUMBER_WORD.finditer(prose):
        if not _allowed(prose, match.start(), match.end()):
            found.append((match.group(0), _context(prose, match.start(), match.end())))
    return found


def typed_numbers_in_math(expression: str) -> list[tuple[str, str]]:
    suspects = [
        match.span(1)
        for match in APPROXIMATION.finditer(expression)
        if significant_digits(match.group(1)) >= 3
    ]
    suspects += [
        (match.start(), match.end())
        for match in SCIENTIFIC.finditer(expression)
        if float(match.group(1)) != 1.0
    ]
    suspects += [
        match.span()
        for match in LONG_DECIMAL.finditer(expression)
        if significant_digits(match.group(0)) >= 5
    ]
    return [
        (expression[start:end], _context(expression, start, end))
        for start, end in sorted(set(suspects))
        if not _allowed(expression, start, end)
    ]


def measured_looking_numbers(text: str) -> list[tuple[str, str]]:
    """For alt text, which cannot hold glue and must describe the figure: only values that
    look measured (a decimal with 3+ significant digits, a mantissa other than 1 in 5.4e-12,
    "about two hundred") are reported; "from -3 to 3" or "near 1e-8" are not."""
    found = []
    for match in NUMBER.finditer(text):
        number = match.group(0)
        mantissa = number.split("e")[0]
        if ("e" in number and mantissa != "1") or (
            "." in mantissa and significant_digits(mantissa) >= 3
        ):
            if not _allowed(text, match.start(), match.end()):
                found.append((number, _context(text, match.start(), match.end())))
    for match in HEDGED_NUMBER_WORD.finditer(text):
        if not _allowed(text, match.start(), match.end()):
            found.append((match.group(0), _context(text, match.start(), match.end())))
    return found


def typed_numbers(cells: list[dict]) -> list[Finding]:
    """Every typed number of a notebook's markdown cells, figure captions and alt texts."""
    findings = []
    for index, cell in enumerate(cells):
        mystnb = cell.get("metadata", {}).get("mystnb", {})
        if cell["cell_type"] == "markdown":
            markdown = "".join(cell["source"])
        else:
            markdown = str(mystnb.get("figure", {}).get("caption", ""))
        prose, math = split_prose(markdown)
        found = typed_numbers_in_prose(prose)
        for expression in math:
            found += typed_numbers_in_math(expression)
        found += measured_looking_numbers(str(mystnb.get("image", {}).get("alt", "")))
        findings += [Finding(index, text, context) for text, context in found]
    return findings


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[path.stem for path in NOTEBOOKS])
def test_no_typed_numbers_in_the_prose(notebook: Path) -> None:
    findings = typed_numbers(json.loads(notebook.read_text())["cells"])
    assert not findings, (
        f"{notebook.name}: {len(findings)} typed number(s); glue each value that code "
        "computes, put a formula's constant inside $...$, or add a pattern with its reason "
        f"to tests/{ALLOWED_FILE.name}:\n" + "\n".join(f"  {finding}" for finding in findings)
    )


def _markdown(source: str) -> list[dict]:
    return [{"cell_type": "markdown", "source": source, "metadata": {}}]


@pytest.mark.parametrize(
    "source",
    [
        "The best step is {glue:text}`ch02_best_h:.0e` with {glue:text}`ch02_err:.1e`.",
        "For $f(x) = x^2$ at $x = 3$ the slope is $2 \\cdot 3 = 6$.",
        "$$\nf(x) = \\frac{h^2}{6} f'''(x) + O(h^4)\n$$ (eq-ch02-central)",
        "See {numref}`fig-ch02-error`, {eq}`eq-ch02-limit` and {cite}`lyness1967numerical`.",
        "Call `mc.derivative(f, 1.0, h=1e-3)` and `ch02.q1.check(answer)`.",
        "```{exercise}\n:label: ex-ch02-q1\nFind the slope of $x^3$ at $x = 1$.\n```",
        "```python\nx = np.linspace(0, 1, 101)\n```",
        "As Richardson showed in 1911, and as chapter 7 and chapters 3 and 4 use.",
        "Machine epsilon $\\epsilon = 2^{-52} \\approx 2.2 \\times 10^{-16}$, float64.",
        "The step is about $10^{-8}$, and $h \\sim \\sqrt[3]{\\epsilon} \\approx 10^{-5}$.",
        "It needs three evaluations and all thirteen condition numbers.",
        "Answer with a float, to 5\nsignificant figures, as in chapters 3\nand 4.",
        "[the NumPy guide](https://numpy.org/doc/2.4/reference/simd/index.html)",
    ],
)
def test_what_is_not_a_typed_number(source: str) -> None:
    assert typed_numbers(_markdown(source)) == []


@pytest.mark.parametrize(
    ("source", "typed"),
    [
        ("The error is 5.4e-12 at the best step.", "5.4e-12"),
        ("It took 17 evaluations.", "17"),
        ("the mean is $\\approx 27.6$ here", "27.6"),
        ("a probability of $1 - 4 \\times 10^{-18}$", "4 \\times 10^"),
        ("the value $0.841470984$ of the sine", "0.841470984"),
        ("about twenty evaluations", "about twenty"),
        ("needs about two hundred steps", "about two hundred"),
        ("fifteen or so steps", "fifteen or so"),
        ("```{admonition} Note\nThe run took 238 steps.\n```", "238"),
        ("| method | error |\n|---|---|\n| central | 2.4e-14 |", "2.4e-14"),
        ("$$\nL \\approx 10.16\n$$", "10.16"),
        ("```{math}\nx \\approx 0.1968\n```", "0.1968"),
    ],
)
def test_what_is_a_typed_number(source: str, typed: str) -> None:
    texts = [finding.text for finding in typed_numbers(_markdown(source))]
    assert typed in texts, texts


def test_alt_text_is_checked_for_measured_values_only() -> None:
    alt = "Error against h from 1e-13 to 1, lowest near 1e-8 at 5.4e-12; slope about 12.6."
    cell = {"cell_type": "code", "source": "", "metadata": {"mystnb": {"image": {"alt": alt}}}}
    assert [finding.text for finding in typed_numbers([cell])] == ["5.4e-12", "12.6"]


def test_figure_captions_are_prose() -> None:
    cell = {
        "cell_type": "code",
        "source": "",
        "metadata": {
            "mystnb": {"figure": {"caption": "Plain descent needs about a thousand steps."}}
        },
    }
    assert [finding.text for finding in typed_numbers([cell])] == ["about a thousand"]


def test_every_allowed_pattern_has_a_reason() -> None:
    assert ALLOWED and all(reason for reason, _ in ALLOWED)
