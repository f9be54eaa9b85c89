"""Word lists reviewed by hand: soft skills, ordinary capitalised words, vendors, light verbs."""

from __future__ import annotations

# ESCO verb phrases whose verb only says "do it" name their skill in the object: "perform image
# editing" gives "image editing", "operate tower crane" gives "tower crane". The object is kept
# as an entry of its own when it is a short noun phrase (no preposition first, no "to ...").
LIGHT_VERBS = (
    "perform",
    "use",
    "apply",
    "conduct",
    "carry out",
    "undertake",
    "practise",
    "practice",
    "execute",
    "utilise",
    "employ",
    "operate",
)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Soft or generic single words that are not skills a resume can be matched on, whatever their
# frequency (the frequent ones, "communication", "leadership", ..., fall to COMMON_ZIPF anyway).
SOFT_WORDS = _words(
    """
    communication leadership management teamwork design develop lead analysis planning support
    sales marketing research writing adaptability multitasking punctuality professionalism
    persuasion positivity proactivity prioritisation prioritization dependability assertiveness
    attentiveness conscientiousness resourcefulness perseverance open-mindedness self-discipline
    self-motivation self-management self-confidence self-reflection self-control self-awareness
    trustworthiness friendliness helpfulness politeness tactfulness truthfulness courteousness
    reliability diligence motivation collaboration creativity flexibility empathy resilience
    initiative integrity organisation organization curiosity patience diplomacy delegation
    networking problem-solving storytelling facilitation mentoring coaching innovation
    self-promote
    """
)


# ESCO's attitudes and working conditions, worded as skills: a resume line "Make decisions
# quickly" or "Work in teams" names no skill. Reviewed by hand from the build's ESCO verb phrases
# that start with think, show, cope, demonstrate, work, make, manage time, and the like.
SOFT_PHRASES = frozenset(
    line.strip()
    for line in """
    accept criticism and guidance
    accept own accountability
    act discreetly
    act reliably
    adapt to change
    adapt to changing situations
    assume responsibility
    attend to detail
    be friendly to passengers
    cooperate at inter-professional level
    cooperate with colleagues
    cope with blood
    cope with challenging demands
    cope with excrements
    cope with stress
    cope with uncertainty
    create solutions to problems
    demonstrate curiosity
    demonstrate intercultural competence
    demonstrate loyalty
    demonstrate trustworthiness
    demonstrate willingness to learn
    develop creative ideas
    develop personal skills
    exercise patience
    exercise self-control
    exercise self-reflection
    have emotional intelligence
    identify problems
    keep up with trends
    listen actively
    make decisions
    manage frustration
    manage time
    meet commitments
    meet deadlines
    motivate others
    own management skills
    show commitment
    show confidence
    show determination
    show diplomacy
    show empathy
    show entrepreneurial spirit
    show impartiality
    show initiative
    show intercultural awareness
    show professional responsibility
    solve problems
    stay alert
    think abstractly
    think analytically
    think creatively
    think critically
    think holistically
    think innovatively
    think proactively
    tolerate strong smells
    tolerate stress
    work efficiently
    work in cold environments
    work in inclement conditions
    work in outdoor conditions
    work in shifts
    work in teams
    work independently
    work on uneven surfaces
    """.splitlines()
    if line.strip()
)


# Capitalised single words that the general rule would keep as case "c" but that start
# ordinary sentences and resume bullets ("Drive revenue", "Analyze data", "Salt Lake City"),
# so an exact-case match would still be a false hit. Reviewed by hand from the build's list of
# single-word "c" entries.
CAPITALISED_COMMON_DENY = _words(
    """
    Abbott Absorb Algae Analyze Archon Aztec Beehive Bing Blink Blogger Calibre Cents Clipper
    Cobalt Concordance Continuum Cyclone Diameter Dig Domino Dracula Eko Entourage Erupt Ferret
    Forth Frostbite Google Gump Harvest Hotspot Juris Loom Mendel Myrtle Myspace Navigator
    Oberon Opus PayPal Penultimate Piazza RAGE Route Saber Salt Scheme Scratch Shazam Shiva
    Shiny Source Square Tadpoles Travis Velvet Ventura Vigilant
    ADS APPS ARTS ASPEN ATOP BARS BOB CALL CALM CATS CLAIMS CORAL CUBIC EDS ETC FAST FEAR FEDS
    FIELDS FIT GRAIL HARVEST HEED ICE IMPACT IRIS JET KANT LARS LAWS LES LISA MAGIC MARS MEL MMA
    MPS PASS PAW PAWS PEAR PRINCE PUFF RATS REDUCE ROSS SAM SAND SEA SMARTS TANKS TIM TUBA
    """
)


# Company names that prefix O*NET product names ("Autodesk Revit"). The product is also listed
# without the vendor ("Revit") when that remainder is not a common English word on its own.
VENDORS = (
    "Microsoft",
    "Oracle",
    "IBM",
    "Autodesk",
    "Adobe",
    "SAP",
    "Thomson Reuters",
    "Sage",
    "Apache",
    "Google",
    "Apple",
    "Siemens",
    "ESRI",
    "Esri",
    "RockWare",
    "LexisNexis",
    "Bentley Systems",
    "Bentley",
    "Cadence",
    "Corel",
    "GE Healthcare",
    "Trimble",
    "ADP",
    "Cisco Systems",
    "Cisco",
    "Symantec",
    "SunGard",
    "Infor",
    "FANUC Robotics",
    "FANUC",
    "Amazon",
    "PTC",
    "Avid Technology",
    "Avid",
    "McKesson",
    "Mentor Graphics",
    "Red Hat",
    "MEDITECH",
    "Synopsys",
    "Teradata",
    "Hewlett-Packard HP",
    "Hewlett-Packard",
    "Hewlett Packard",
    "Allscripts",
    "Cerner",
    "Experian",
    "Intuit",
    "Intergraph",
    "National Instruments",
    "Dassault Systemes",
    "The MathWorks",
    "The Mathworks",
    "Kronos",
    "Atlassian",
    "Elite Software",
    "Vero Software",
    "Sun Microsystems",
    "Wolfram Research",
    "BMC Software",
    "MSC Software",
    "Epic",
    "Blackbaud",
    "ANSYS",
    "Schlumberger",
    "Fair Isaac",
    "Henry Schein",
    "Manhattan Associates",
    "CNC Software",
    "Yardi Systems",
    "MICROS Systems",
)
