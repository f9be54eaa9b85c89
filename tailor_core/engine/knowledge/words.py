"""Word lists the engine relies on.

They live in code rather than in a data file or a third-party corpus so that the same posting
always yields the same terms, whatever is installed on the machine running the worker.
"""

from __future__ import annotations


def word_set(text: str) -> frozenset[str]:
    """The whitespace-separated words of a prose-like block."""
    return frozenset(text.split())


def _entries(text: str, separator: str | None = None) -> frozenset[str]:
    """Word lists are written as prose-like blocks so they stay readable and easy to extend."""
    return frozenset(" ".join(entry.split()) for entry in text.split(separator)) - {""}


STOPWORDS: frozenset[str] = _entries(
    """
    a about above after again against all am an and any are aren't as at be because been before
    being below between both but by can can't cannot could couldn't did didn't do does doesn't doing
    don't down during each few for from further had hadn't has hasn't have haven't having he he'd
    he'll he's her here here's hers herself him himself his how how's i i'd i'll i'm i've if in into
    is isn't it it's its itself let's me more most mustn't my myself no nor not of off on once only
    or other ought our ours ourselves out over own same shan't she she'd she'll she's should
    shouldn't so some such than that that's the their theirs them themselves then there there's
    these they they'd they'll they're they've this those through to too under until up very was
    wasn't we we'd we'll we're we've were weren't what what's when when's where where's which while
    who who's whom why why's with won't would wouldn't you you'd you'll you're you've your yours
    yourself yourselves also etc e.g i.e via per within without upon across among along around
    will shall may might must us like just get gets make makes every either neither whether
    and/or one two three four five six seven eight nine ten first second
    """
)

# Words every posting uses whatever the job is. Counting them would make every resume look like
# a match for "experience" and "team", which tells the candidate nothing they can act on.
POSTING_FILLER: frozenset[str] = _entries(
    """
    experience experienced experiences team teams work working works worked years year strong
    ability abilities able looking join joining role roles candidate candidates responsibilities
    responsibility responsible requirements requirement required require requires preferred prefer
    plus including include includes skills skill knowledge understanding excellent good great
    proven opportunity opportunities company position positions job jobs apply applicants applicant
    ideal ideally seeking seek successful success environment day days help helping new using use
    used based related relevant well highly various multiple minimum qualifications qualification
    qualified benefits benefit salary equal employer location time full-time part-time competitive
    offer offers you'll you're we're we've need needs want wants passionate passion fast-paced
    cross-functional dynamic exciting world mission culture values diverse diversity inclusion
    senior junior sr jr mid level entry familiarity familiar proficiency proficient hands-on solid
    deep demonstrated preferably bonus nice day-to-day key duties tasks task description summary
    ensure ensuring others self-starter excited love eager
    hiring hire hired apply today please send resume resumes cv employee employees people
    player players fit
    behind keep keeping make making own owning take taking get getting give bring build
    building grow growing support supporting across within around every each also will can may
    must should would like across next first best way ways thing things part lot lots
    """
)

# Slash compounds that name one thing; any other "a/b" in a posting is read as two terms.
SLASH_COMPOUNDS: frozenset[str] = frozenset(
    {"ci/cd", "tcp/ip", "ui/ux", "a/b", "i/o", "pl/sql", "24/7", "ar/ap", "r/3", "s/4"}
)

# Single letters are almost always noise, except these language names.
SINGLE_LETTER_TERMS: frozenset[str] = frozenset({"c", "r"})

SECTION_HEADINGS: frozenset[str] = _entries(
    """
    summary|professional summary|profile|professional profile|career summary|objective|
    career objective|about|about me|experience|work experience|professional experience|
    relevant experience|work history|employment|employment history|career history|
    clinical experience|teaching experience|research experience|leadership experience|
    skills|technical skills|key skills|core skills|skills and abilities|core competencies|
    competencies|areas of expertise|expertise|technologies|tools|tools and technologies|
    tech stack|education|education and training|training|certifications|certificates|
    licenses|licenses and certifications|certifications and licenses|projects|
    selected projects|personal projects|publications|awards|honors|honors and awards|
    achievements|accomplishments|volunteer|volunteering|volunteer experience|languages|
    interests|hobbies|references|affiliations|memberships|professional development|
    activities|additional information|contact|contact information|summary of qualifications|
    employment history|career history|core competencies|technical skills|professional profile|
    licenses and certifications|education and training|areas of expertise|key qualifications
    """,
    "|",
)

# A heading or a "Label:" containing one of these introduces a list of skill items.
SKILL_HINTS: tuple[str, ...] = (
    "skill",
    "competenc",
    "technolog",
    "tools",
    "expertise",
    "proficienc",
    "stack",
    "languages",
    "frameworks",
    "software",
    "platforms",
)

# Words a posting uses to describe any job. They are never a skill, never "missing" and never
# a term to score, however rare a particular posting makes them look.
GENERIC_WORDS: frozenset[str] = _entries(
    """
    least expertise develop developing developed development complex design designing designed
    leadership teamwork multitasking initiative flexibility reliability punctuality
    effectively effective efficient efficiently lead leading leads communicate communication
    communications collaborate collaboration collaborative stakeholders stakeholder ownership
    organized organization organizational detail detail-oriented oriented attention motivated
    driven results result outcomes impact innovative innovation creative problem solving
    problem-solving interpersonal verbal written excellent strong effective professional
    professionals environment fast paced growth career careers industry industries clients
    client customer customers business businesses manage managing management managed
    improve improving improvement quality high level levels large small scale best practices
    practices practice ability degree bachelor's bachelors master's masters related field
    years year plus preferred equivalent combination demonstrated track record record skills
    tools tool systems system processes process projects project program programs standard
    standards across multiple various ensure provide providing perform performing
    responsible responsibilities duties role position opportunity join team members member
    company organization location remote hybrid onsite on-site office travel salary range
    compensation pay benefits insurance dental vision pto paid leave holidays retirement
    401k 401(k) equity bonus status applicants apply applying application regard race color
    religion sex gender orientation identity national origin disability veteran protected
    characteristic law laws accommodation accommodations employer opportunity eoe
    """
)

# Seniority and grade words weigh less in a title than the role itself ("Senior" Accountant).
TITLE_MODIFIERS: frozenset[str] = _entries(
    """
    senior sr junior jr lead principal staff chief head associate assistant intern trainee
    entry mid level i ii iii iv 1 2 3 remote hybrid contract temporary part-time full-time
    """
)

# Abbreviations people write in titles, read as the word they stand for.
TITLE_ABBREVIATIONS: dict[str, str] = {
    "sr": "senior",
    "jr": "junior",
    "mgr": "manager",
    "eng": "engineer",
    "engr": "engineer",
    "dev": "developer",
    "admin": "administrator",
    "asst": "assistant",
    "assoc": "associate",
    "coord": "coordinator",
    "dir": "director",
    "exec": "executive",
    "rep": "representative",
    "spec": "specialist",
    "tech": "technician",
    "vp": "vice president",
}

# The last word of a section heading that is not in SECTION_HEADINGS ("Summary of
# Qualifications", "Clinical Experience", "Licenses & Certifications").
SECTION_NOUNS: frozenset[str] = _entries(
    """
    experience experiences history summary profile objective overview background skills
    competencies expertise education training certifications certificates certification
    licenses licences licensure credentials projects qualifications highlights achievements
    accomplishments awards honors publications languages interests volunteering references
    affiliations memberships technologies tools strengths
    """
)

# Acronyms and short words that look like tool names but name the posting's paperwork.
NOT_SKILL_ACRONYMS: frozenset[str] = _entries(
    """
    us usa uk eu eeo eoe pto ceo cfo coo cto vp llc inc ltd gmbh ai faq hq usd eur gbp nyc
    am pm est pst cst mst utc id ok tbd asap etc ie eg ft pt w2 m/f/d m/w/d f/m/d
    monday tuesday wednesday thursday friday saturday sunday mondays tuesdays wednesdays
    thursdays fridays saturdays sundays january february march april june july august
    september october november december q1 q2 q3 q4 ceos cfos ctos vps mon tue tues wed
    thu thur thurs fri sat sun lbs lb hrs hr pto eeo/aa aa/eeo
    """
)

# US states, Canadian provinces and the countries a resume or posting most often names after
# a city: "Austin, TX", "Halifax, NS", "Stockholm, Sweden".
REGIONS: frozenset[str] = word_set(
    """
    AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ
    NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC ON QC BC AB MB NS NB NL PE
    SK USA UK Canada Germany France Spain Italy Netherlands Belgium Sweden Norway Denmark
    Finland Ireland Poland Portugal Austria Switzerland India Singapore Australia Japan Mexico
    Brazil
    """
)
WORK_MODES: frozenset[str] = word_set("remote hybrid on-site onsite in-office")
