"""The Python backend's rules for what libvirt's docs say of a failure: C's failure value said as the raise.

A method raises ``libvirtError`` where C returns -1 or NULL, so a return doc's clauses giving that value go and
what they said besides "on error" becomes the ``:raises libvirtError:`` line (:func:`without_failure_values` for
-1, or the failure value of an unsigned return; :func:`without_null_values` for NULL), and a description or return
doc saying "this call will return -1" (or an enum constant of that value) says the raise (:func:`raising_description`),
as a list method's "may return either 0 or an error" says the empty list and the raise (:func:`list_raising_description`)
and the call's own "will return an error" the raise (:func:`error_raising_description`).

Text in, text out, as in :mod:`.python_docs`, whose sentence cutting it uses: no model walking, no views.  Which
return doc has which failure value (the C return type, the result kind) is decided in
:mod:`generator.backends.python`, which imports this module; this module never imports it.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from .python_docs import CALLBACK, SENTENCE_END_AHEAD, names_callback_before, prose_rewritten, split_outside_parentheses

_CAST = r"(?:\(unsigned(?:\s+(?:int|long))*\)\s*)?"  # "(unsigned int) -1": all bits set, an unsigned return's failure
# Where a one-paragraph return doc's sentence (:data:`RETURN_SENTENCE_BREAK`) is cut into clauses ("0 on success, -1 on
# error", "the number found or -1 in case of error"); an "and"/"or" alone cuts only before a value.
CLAUSE_BREAK = re.compile(r",\s+(?:(?:and|or)\s+)?|\s+(?:and|or)\s+(?=(?:Returns\s+)?" + _CAST + r"-?\d)")
VALUE = re.compile(r"(?:Returns\s+)?" + _CAST + r"-?\d+\b")  # a clause giving a return value: "0 on success", "Returns -2 if ..."
_MINUS_ONE = re.compile(r"(?:Returns\s+)?-1\b\s*")
# A clause giving the success value without a number: it starts a group of its own, so that the -1 group before
# it does not take it along ("-1 if the timer cannot be registered, a positive integer timer id upon success",
# "-1 if ..., otherwise a handle watch number ..."); its "otherwise" goes with the -1 it answered.
_SUCCESS_CLAUSE = re.compile(r"^otherwise\b|\b(?:on|upon)\s+success$", re.IGNORECASE)
_OTHERWISE = re.compile(r"^otherwise\s+", re.IGNORECASE)
# The failure value of an unsigned return ("or 0 in case of error", "or (unsigned int) -1 in case of error"),
# by the error value the backend's ``_unsigned_error`` chose: 0, else all bits set.
UNSIGNED_FAILURE = {"0": re.compile(r"(?:Returns\s+)?0\b\s*")}
ALL_BITS_FAILURE = re.compile(r"(?:Returns\s+)?" + _CAST + r"-1\b\s*")
# What a -1 clause says when it says no more than "it failed": nothing left to tell once the method raises.
_BARE_FAILURE = re.compile(
    r"(?:(?:in\s+case\s+of|on|upon|for)\s+(?:an?\s+)?)?(?:error|failure)s?|otherwise"
    r"|(?:if|when)\s+(?:it|the\s+call)\s+(?:fail(?:s|ed)?|did\s+not(?:\s+work)?)",
    re.IGNORECASE,
)


# Where a return doc's sentence is cut for its NULL clauses: at a comma ("the domain, or NULL on error", "NULL in case of
# error, a pointer to the domain otherwise") and before "or NULL" ("the domain or NULL."); a clause opening with NULL
# takes "or" and what follows as the value ("NULL in case of error or an XML string ...", :data:`_NULL_FIRST`).
_NULL_BREAK = re.compile(r",\s+(?:or\s+)?|\s+or\s+(?=NULL\b)")
_NULL_WORD = r"\bNULL\b(?![- ]terminated)"
_NULL_FIRST = re.compile(r"^(?:Returns\s+)?" + _NULL_WORD + r"(?P<condition>.*?)(?:,?\s+or\s+(?P<value>(?:an?|the)\s.*))?$", re.IGNORECASE | re.DOTALL)
# What a NULL clause says when it says no more than "it failed" (besides :data:`_BARE_FAILURE`'s): "NULL signals an
# error", "NULL if there was an error", "NULL in failure", a bare "or NULL".
_BARE_NULL = re.compile(
    _BARE_FAILURE.pattern + r"|(?:if|when)\s+(?:there\s+was\s+)?an?\s+(?:error|failure)(?:\s+occurred)?"
    r"|in\s+failure|signals\s+an?\s+(?:error|failure)|",
    re.IGNORECASE,
)
# The value clause before "NULL otherwise": its condition says what "otherwise" is.  Success makes it a bare failure
# ("a new domain object on success, NULL otherwise", "... if the migration was successful"); "if found" makes it "if
# not found", a longer one "unless ..." ("if the pool is active" is "unless the pool is active").
_SUCCESS_CONDITION = re.compile(r"\b(?:on|upon|if|when)\b.*\bsuccess(?:ful(?:ly)?)?$", re.IGNORECASE)
_VALUE_CONDITION = re.compile(r"\b(?P<word>if|when)\s+(?P<condition>\S.*)$", re.IGNORECASE)
_TRAILING_OTHERWISE = re.compile(r"\s+otherwise$", re.IGNORECASE)
# ... and one opening the value after a NULL clause that went ("NULL on error, otherwise the XML string", "else the XML")
_LEADING_OTHERWISE = re.compile(r"^(?:otherwise|else),?\s+", re.IGNORECASE)
# a parenthesis closing a failure clause says nothing of when ("NULL on failure (see virGetLastError)"), unless it
# opens as a condition does ("NULL on error (e.g. if the domain is gone)")
_CLOSING_PARENTHESIS = re.compile(r"\s*\((?!\s*(?:(?:e\.g|i\.e)\.|(?:if|when|unless)\b))[^()]*\)$", re.IGNORECASE)
# Where a return doc is cut into sentences for its failure values: at "." or ";", but not after "e.g."/"i.e."
# ("-1 on error, e.g. if the domain is gone" is one sentence: cut there, "if the domain is gone" was left in :returns:).
RETURN_SENTENCE_BREAK = re.compile(r"(?<![ie]\.[eg]\.)(?<=[.;])\s+", re.IGNORECASE)
# A clause after a NULL clause that goes on saying when ("or NULL on error, or if the pool is inactive", "or NULL on
# error, e.g. if the domain is gone"): it belongs to the NULL's condition, and goes with it.
_CONDITION_GOES_ON = re.compile(r"^(?:(?:e\.g|i\.e)\.|(?:if|when|whenever|unless|for\s+example|such\s+as)\b)", re.IGNORECASE)
# A return doc's paragraph ending with no stop (virStreamSendAll's "... and then virStreamFree", then "Returns -1 upon
# any error, ..."): the paragraph break ended the sentence, and a period says so once the paragraphs are one.
UNSTOPPED_PARAGRAPH_END = re.compile(r"(?<=[\w)])(?=[ \t]*\n[ \t]*\n)")
# "NULL indicates that no checkpoint has that name", "-1 means an error occurred": what it means is when
_FAILURE_MEANS = re.compile(r"^(?:indicates|means|signals|signifies|denotes)\s+(?:that\s+)?(?P<what>\S.*)$", re.IGNORECASE | re.DOTALL)
# "NULL is returned on error", "-1 will be returned if ...": the condition is what follows
_IS_RETURNED = re.compile(r"^(?:is|are|will\s+be|gets?)\s+returned\b\s*", re.IGNORECASE)


# A description saying the call returns C's failure value: "this call will return -1 and an error message indicating
# ...".  The method raises libvirtError there: "this call will raise libvirtError with an error message indicating ...";
# "it returns -1 and an error is set" is "it raises libvirtError" (the error set is the one raised).  Only with the call
# as the subject (a callback's "should return -1" is the callback's value, not the method's).  {value} is what the
# failure is written as: -1, or an enum constant whose value is -1 ("this function will return VIR_CPU_COMPARE_ERROR
# (instead of VIR_CPU_COMPARE_INCOMPATIBLE)", :func:`raising_description`'s ``names``), whose "(instead of ...)" then
# says what is not returned ("raise libvirtError (instead of returning VIR_CPU_COMPARE_INCOMPATIBLE)").
_CALL_RETURNS = (
    r"\b(?P<subject>(?:this|the)\s+(?:call|function|API)|it)(?P<modal>\s+(?:will|would|may|can)\s+|\s+)(?P<verb>returns?)(?P<space>\s+)"
    r"(?:{value})\b"
    r"(?:\s+and\s+an?\s+(?:libvirt\s+)?error\s+(?:is|was|will\s+be|gets)\s+(?:set|reported|raised)\b"
    r"|(?P<before>\s+)and(?P<after>\s+)(?=an?\s+(?:libvirt\s+)?error\b(?!\s+(?:is|are|was|were|will|gets?|has)\b))"
    r"|(?P<instead>\s+\(instead\s+of)(?P<instead_space>\s+)(?=-?\d|VIR_))?"
)
_CALL_RETURNS_MINUS_ONE = re.compile(_CALL_RETURNS.format(value="-1"), re.IGNORECASE)
# The same failure said in the passive, with no subject but the error: "in which case an error code will be returned"
# (virGetVersion's) is "in which case libvirtError will be raised".  Another party's "will return an error" ("Some
# hypervisors ... will return an error if bandwidth is not 0") has a subject of its own, and stays; so does an error
# returned to another party than the caller ("to the guest agent") or by one ("by the hypervisor"), as the active
# voice's subject is checked.  Returned "to the caller" (the application, the user) is raised, with no "to": an
# exception is raised in the caller, not to it ("an error is returned to the caller" is "libvirtError is raised").
# The "to" goes only where the clause ends after it (a stop, a comma, a condition, "by" the call, an aside opening
# as one does, "(see virGetLastError)", "-- see below"), where a clause of the call's follows (an "and" or "or" with
# a past participle, "and logged", a verb with its object, "and logs it", "so", "then", an adverb, "immediately"), or
# a "to" of purpose ("to indicate failure").  "the caller's handler", "the user-space program", "the application
# which must retry", "the user, who must retry", "the caller, and to the guest agent", "the caller and the guest
# agent" say more of whom, which the words left would garble ("libvirtError is raised's handler"), and stay as they
# are (a review, session 35).  A purpose "to" is told from another party's by the word after it, the verb: not a
# word that opens a noun phrase (an article, a determiner, a pronoun, "both": :data:`_NOUN_PHRASE_START`), a party
# (caller, application, user, client), nor a plural ("to callers"); a bare singular noun past those ("to
# syslog") still reads as a purpose, which no libvirt release writes (a review, session 35).
_NOUN_PHRASE_START = (
    r"(?:the|an?|its|their|th(?:is|at|ese|ose)|his|her|our|your|my|each|every|any|all|some|both|either|neither|no|none"
    r"|other|another|one|it|them|him|us|me|you|who|whom|whose|which|what|where)\b"
)
_PARTY = r"(?:caller|application|user|client)"
_ASIDE_OPENING = r"(?:see|cf\.|if|when|whenever|unless|on|upon|in\s+case|because|since)\b"
_BY_ANOTHER_PARTY = r"\s+by\s+(?!(?:(?:this|the)\s+(?:call|function|API|method)|default|design|convention|definition|itself)\b)"
_TO_THE_CALLER = (
    r"(?P<to>\s+to\s+(?:the\s+|its\s+)?" + _PARTY + r"(?![-'\w]|\s+space\b)"
    r"(?=\s*(?:[.;:!?)]|$)|,(?!\s+(?:(?:and|or)\s+to|who|whom|whose|which|that|where)\b)"
    r"|\s+(?:if|when|whenever|unless|on|upon|in\s+case|because|since|by|so|then)\b"
    r"|\s+(?:\(|--?\s|\u2014)\s*" + _ASIDE_OPENING +
    r"|\s+(?:and|or)\s+(?:then\b|[a-z]+ed\b(?![-'])|[a-z]+[^s\W]s\s+" + _NOUN_PHRASE_START + r")"
    r"|\s+[a-z]+ly\b(?![-'])"
    r"|\s+to\s+(?!" + _NOUN_PHRASE_START + r"|" + _PARTY + r"|[a-z]*[^su\W]s\b)[a-z]+\b(?![-'])))?"
)
# Without the "to the caller" it dropped, any "to" names another party ("to the guest agent"); with it, one that
# followed was a purpose, which :data:`_TO_THE_CALLER` checked.
_NO_OTHER_PARTY = r"(?(to)|(?!\s+to\s))(?!" + _BY_ANOTHER_PARTY + ")"
_ERROR_IS_RETURNED = re.compile(
    r"\b[Aa]n?(?P<space>\s+)error(?:\s+code)?(?P<verb>\s+(?:is|will\s+be|gets|would\s+be)\s+)returned\b" + _TO_THE_CALLER + _NO_OTHER_PARTY
)
# The rest of the sentence giving the call other values ("it returns -1 on timeout, 0 on no data", "... and returns 0
# otherwise"): its -1 may then be an answer, not the failure the method raises on.
_OTHER_RETURN_VALUES = re.compile(
    r"\breturns?\s+(?!-1\b)-?\d+\b|(?<![\w.@-])(?!-1\b)-?\d+\s+(?:on|upon|if|when|in\s+case|otherwise|else|for)\b", re.IGNORECASE
)


def raising_description(description: str, names: frozenset[str] = frozenset()) -> str:
    """A description (or a one-paragraph return doc) of a method that raises where C returns -1, with "returns -1"
    said as the raise (:data:`_CALL_RETURNS_MINUS_ONE`; ``names``: the enum constants of value -1 that are the
    failure too, :func:`python._failure_constants`) unless its sentence goes on with other values
    (:data:`_OTHER_RETURN_VALUES`), and "an error code will be returned" as "libvirtError will be raised"
    (:data:`_ERROR_IS_RETURNED`); C examples (indented paragraphs) stay as they are."""
    values = "|".join(["-1", *(re.escape(name) for name in sorted(names))])
    returns = re.compile(_CALL_RETURNS.format(value=values), re.IGNORECASE) if names else _CALL_RETURNS_MINUS_ONE

    def raised(match: re.Match[str]) -> str:
        rest = match.string[match.end() :]
        end = SENTENCE_END_AHEAD.search(rest)
        if _OTHER_RETURN_VALUES.search(rest[: end.start()] if end else rest):
            return match.group()
        if match.group("subject").lower() == "it" and names_callback_before(match.string, match.start()):
            return match.group()  # "The callback is called; it returns -1 to stop": the callback's value
        verb = "raises" if match.group("verb").lower() == "returns" else "raise"
        joint = f"{match.group('before')}with{match.group('after')}" if match.group("before") is not None else ""
        if match.group("instead") is not None:  # "(instead of VIR_CPU_COMPARE_INCOMPATIBLE)": the value not returned
            joint = f"{match.group('instead')}{match.group('instead_space')}returning "
        return f"{match.group('subject')}{match.group('modal')}{verb}{match.group('space')}libvirtError{joint}"

    def passive(match: re.Match[str]) -> str:
        return f"libvirtError{match.group('verb')}raised"

    return prose_rewritten(description, lambda p: _ERROR_IS_RETURNED.sub(passive, returns.sub(raised, p)))


# A description saying the call itself fails with "an error", which the method raises: "Will return an error if the
# domain is not active." (getJobInfo, getJobStats: a sentence with no subject is the call's), "virDomainDestroyFlags()
# will instead return an error if ..." (the function's own name, {own}), "makes the function return error in case ..."
# (getAllDomainStats).  Only those subjects: another party's error ("Some hypervisors ... will return an error",
# "the hypervisor driver will return failure", "the target hypervisor must return an error") is what the call fails
# with, and "it" may be such a party.  Nor a value the call returns ("an error message", "an error code of -2", "an
# error-free list"), nor an error it gives another party ("to the guest agent").
_CALL_RETURNS_ERROR = (
    r"(?:(?P<subject>\b(?:[Tt]his|[Tt]he)\s+(?:call|function|API|method)|\b{own}(?:\(\))?)"
    r"(?P<modal>\s+(?:(?:will|would|may|can|must|should)(?:\s+(?:instead|also|then))?\s+)?)"
    r"|(?P<lead>^|[.!?:]\s+)(?P<opening>(?:Will|May|Can)\s+(?:(?:instead|also|then)\s+)?))"
    r"(?P<verb>returns?)(?P<space>\s+)(?:an?\s+)?(?:error|failure)(?:\s+code)?\b" + _TO_THE_CALLER +
    r"(?![-'\w]|\s+(?:codes?\s+)?(?:of|messages?|strings?|numbers?|values?|descriptions?|texts?)\b)" + _NO_OTHER_PARTY
)

# The words :data:`_CALL_RETURNS_ERROR` cannot match without, in one pattern made once: compiling that pattern for each
# of 9.0.0's ~450 methods took longer than the rest of the bindings' plan.
_RETURNS_ERROR_WORDS = re.compile(r"\breturns?\s+(?:an?\s+)?(?:error|failure)\b", re.IGNORECASE)


def error_raising_description(description: str, own: str) -> str:
    """A description of a method that raises where C reports an error, with the call's "return an error" said as the
    raise (:data:`_CALL_RETURNS_ERROR`; ``own``: the C function's name); C examples (indented paragraphs) stay."""
    if not _RETURNS_ERROR_WORDS.search(description):  # the pattern is made per function: only where it could match
        return description
    returns = re.compile(_CALL_RETURNS_ERROR.format(own=re.escape(own)))

    def raised(match: re.Match[str]) -> str:
        verb = "raises" if match.group("verb").lower() == "returns" else "raise"
        if match.group("opening") is not None:
            return f"{match.group('lead')}{match.group('opening')}{verb}{match.group('space')}libvirtError"
        return f"{match.group('subject')}{match.group('modal')}{verb}{match.group('space')}libvirtError"

    return prose_rewritten(description, lambda p: returns.sub(raised, p))


# A list method's description giving C's two outcomes of a call it cannot serve: "the hypervisor may return either 0 or
# an error" (listAllDomains, listAllCheckpoints, listAllSnapshots: an impossible filter).  C's 0 is the count of
# the list, an empty one; its error is what the method raises: "may either return an empty list or raise
# libvirtError".  Only "0 or an error" together: a lone "return an error" may be another party's ("Some hypervisors
# ... will return an error if bandwidth is not 0"), said of what the call fails with, which reads the same in Python.
# "an error code", "an error message" is a value the call returns, not its failure: those stay.
_ZERO_OR_ERROR = re.compile(
    r"\b(?P<verb>returns?)(?P<s1>\s+)(?:(?P<either>either)(?P<s2>\s+))?0(?P<s3>\s+)or(?P<s4>\s+)an(?P<s5>\s+)error\b"
    r"(?![-'\w]|\s+(?:codes?|messages?|strings?|numbers?|values?)\b)",
    re.IGNORECASE,
)
# A callback's "returns 0 or an error" is the callback's value, not the call's: the callback named as the subject
# (:data:`python_docs.CALLBACK`), in the clause before the verb.


def list_raising_description(description: str) -> str:
    """A description of a method returning a list (C's count) that raises where C returns -1, with "return either 0
    or an error" said as the empty list and the raise (:data:`_ZERO_OR_ERROR`); the words' line breaks stay where
    they were.  A callback's (:data:`python_docs.CALLBACK`) and C examples (indented paragraphs) stay as they are."""

    def said(match: re.Match[str]) -> str:
        if CALLBACK.search(match.string, _clause_start(match.string, match.start()), match.start()):
            return match.group()
        verb, raise_ = match.group("verb"), "raises" if match.group("verb").lower() == "returns" else "raise"
        s1, s3, s4, s5 = match.group("s1"), match.group("s3"), match.group("s4"), match.group("s5")
        if match.group("either"):  # "Returns either" opening a sentence: "Either returns"
            either, verb = ("Either", verb.lower()) if verb[0].isupper() else ("either", verb)
            return f"{either}{s1}{verb}{match.group('s2')}an empty list{s3}or{s4}{raise_}{s5}libvirtError"
        return f"{verb}{s1}an empty list{s3}or{s4}{raise_}{s5}libvirtError"

    return prose_rewritten(description, lambda p: _ZERO_OR_ERROR.sub(said, p))


def _clause_start(text: str, position: int) -> int:
    """Where the clause holding ``text[position]`` starts: past the last ",", ".", ";" or ":" before it."""
    edges = [edge.end() for edge in re.finditer(r"[,.;:]", text[:position])]
    return edges[-1] if edges else 0


def without_failure_values(text: str, failure: re.Pattern[str] = _MINUS_ONE, keep_conditions: bool = False) -> tuple[str, str]:
    """A one-paragraph return doc without the clauses giving -1 (``failure``), and what those said besides "on error".

    With ``keep_conditions`` (an unsigned return, whose failure value is
    also an answer when no error is reported) only the clauses saying no
    more than "on error" go; the others stay in the text.

    Each sentence is cut into clauses; a clause that starts with a value
    ("0 on success", "Returns -2 if ...") starts a group, the clauses after
    it that do not ("at which time the stream ...") belong to it.  Groups
    starting with -1 go, with their joining comma or "or"; a sentence left
    empty goes.  The conditions they gave that are not a bare failure ("if
    it could not be started", "upon error, at which time the stream will be
    marked as aborted") are returned, joined by "; ", for ``:raises:``.
    """
    sentences: list[str] = []
    conditions: list[str] = []
    failing: _Failing | None = None  # what the -1 group ending the sentence before said
    for _, sentence in split_outside_parentheses(text, RETURN_SENTENCE_BREAK):
        body = sentence.rstrip(".;")
        if failing is not None and not keep_conditions and _continues_failure(failing, body):
            failing = _joined_failure(failing, body, sentence[len(body) :], conditions)
            continue
        failing = None
        groups: list[list[str]] = []
        for before, clause in split_outside_parentheses(body, CLAUSE_BREAK):
            if not groups or VALUE.match(clause) or _SUCCESS_CLAUSE.search(clause):
                groups.append([before, clause])
            else:
                groups[-1][1] += before + clause
        kept: list[str] = []
        for before, group in groups:
            value = failure.match(group)
            bare = value is not None and _BARE_FAILURE.fullmatch(condition := _meant_failure(_IS_RETURNED.sub("", group[value.end() :].strip())))
            failing = None
            if value is None or (keep_conditions and not bare):
                kept.append(before + group if kept else _opening(group, sentences))
            else:
                conditions += [] if bare else [condition]
                failing = _Failing(condition + sentence[len(body) :], not bare)
        if kept:
            sentences.append("".join(kept) + sentence[len(body) :])
    returns = " ".join(sentences)
    if returns.endswith(";"):  # the sentences after it went: end as the text did
        returns = returns[:-1] + ("." if text.endswith(".") else "")
    return returns, "; ".join(conditions)


def _opening(group: str, sentences: list[str]) -> str:
    """The first group a sentence keeps, its failure groups gone.  An "otherwise" opening it set it against what came
    before: with nothing kept before it in the return doc, that was the failure alone, and it goes with it ("-1 on
    error, otherwise 0" is "0", and so is "-1 on error. Otherwise 0."); after a value kept it stays ("0 on success,
    -1 on failure. Otherwise 1." is "0 on success. Otherwise 1.": not 1 on success), capitalized after a period."""
    if not _OTHERWISE.match(group):
        return group
    if not sentences:
        return _OTHERWISE.sub("", group)
    return group[:1].upper() + group[1:] if sentences[-1].endswith(".") else group


# A sentence after a failure value's that goes on about the failure: any after a ";" that gives no value ("-1 when it
# did not; the checkpoint is then left in place"), one after a "." that opens so ("-1 on failure. Then ...").
_FAILURE_GOES_ON = re.compile(r"^(?:then|in\s+(?:that|this|which)\s+case|if\s+so)\b", re.IGNORECASE)


class _Failing(NamedTuple):
    """The failure a sentence ended with, for the sentence after it to go on about (:func:`_continues_failure`):
    its condition with its stop, and whether that condition is the last of the conditions already (a bare failure's
    is not: it is said only once a sentence goes on about it)."""

    condition: str
    recorded: bool


def _continues_failure(failing: _Failing, body: str) -> bool:
    """Whether the sentence ``body`` goes on about the failure ``failing`` ended with."""
    if VALUE.match(body) or re.match(r"(?:Returns\s+)?NULL\b", body, re.IGNORECASE) or _LEADING_OTHERWISE.match(body):
        return False  # "NULL on error; otherwise the domain": the success value, said after the failure
    return failing.condition.endswith(";") or _FAILURE_GOES_ON.match(body) is not None


def _joined_failure(failing: _Failing, body: str, stop: str, conditions: list[str]) -> _Failing:
    """The failure ``failing`` followed by the sentence ``body`` (ending with ``stop``) that goes on about it, in
    ``conditions`` (a bare "otherwise" said as "on failure")."""
    condition = failing.condition
    if not failing.recorded and re.fullmatch(r"(?:otherwise)?[.;]?", condition, re.IGNORECASE):
        condition = "on failure" + condition[len(condition.rstrip(".;")) :]
    joined = f"{condition} {body}"
    if failing.recorded:
        conditions[-1] = joined
    else:
        conditions.append(joined)
    return _Failing(joined + stop, True)


def without_null_values(text: str) -> tuple[str, str]:
    """A one-paragraph return doc of a method raising where C returns NULL without its NULL clauses, and what they
    said besides "on error" (for ``:raises:``), as :func:`without_failure_values` does for -1.

    Each sentence is cut into clauses (:data:`_NULL_BREAK`).  A clause giving
    NULL goes: "or NULL in case of error", "NULL signals an error", "or
    NULL" alone; a clause opening with NULL keeps the value that an "or"
    adds ("NULL in case of error or an XML string ..." is "an XML string
    ..."), and the value's "otherwise" goes with it ("NULL in case of error, a
    pointer to the domain otherwise").  The clauses after it that go on
    saying when (:data:`_CONDITION_GOES_ON`: ", or if the pool is inactive",
    ", e.g. if ...") go with it, as part of its condition.  A condition that is not a bare
    failure ("if no matching pool is found", "if not found / error") is
    returned; "otherwise" after "if found" is "if not found" (after a longer
    condition "unless ...", after success nothing).  A sentence
    left empty goes (and an "otherwise" opening the sentence after it); the other clauses keep their text and joining commas.
    """
    sentences: list[str] = []
    conditions: list[str] = []
    dropped_sentence = False
    failing: _Failing | None = None  # what the NULL clause ending the sentence before said
    for _, sentence in split_outside_parentheses(text, RETURN_SENTENCE_BREAK):
        body = sentence.rstrip(".;")
        if failing is not None and _continues_failure(failing, body):
            failing = _joined_failure(failing, body, sentence[len(body) :], conditions)
            continue
        failing = None
        clauses = split_outside_parentheses(body, _NULL_BREAK)
        if not any(_NULL_FIRST.match(clause) for _, clause in clauses):
            sentences.append(_LEADING_OTHERWISE.sub("", sentence) if dropped_sentence and not sentences else sentence)
            continue
        kept: list[tuple[str, str]] = []
        dropped = False
        pending: str | None = None  # the condition of the NULL clause just dropped, while the clauses after it go on saying when
        for before, clause in [*clauses, ("", "")]:
            if pending is not None and clause and _CONDITION_GOES_ON.match(clause):
                pending += before + clause
                continue
            if pending is not None:
                said = _add_null_condition(pending, kept, conditions)
                failing = None if clause else _Failing(said.condition + sentence[len(body) :], said.recorded)  # only one ending it
                pending = None
            if not clause:
                break
            null = _NULL_FIRST.match(clause)
            if null is None:
                clause = _LEADING_OTHERWISE.sub("", _TRAILING_OTHERWISE.sub("", clause)) if dropped else clause
                kept.append((before, clause))
                continue
            dropped = True
            condition, value = null.group("condition").strip().rstrip(","), null.group("value")
            if value and not _BARE_NULL.fullmatch(condition):  # "NULL if the pool or the volume is gone": all condition
                condition, value = null.group()[null.start("condition") :].strip(), None
            if value:
                _add_null_condition(condition, kept, conditions)
                kept.append((before, value))
            else:
                pending = condition
        if kept:
            sentences.append(kept[0][1] + "".join(before + clause for before, clause in kept[1:]) + sentence[len(body) :])
        else:
            dropped_sentence = True
    returns = " ".join(sentences)
    if returns.endswith(";"):  # the sentences after it went: end as the text did
        returns = returns[:-1] + ("." if text.endswith(".") else "")
    return returns, "; ".join(conditions)


def _add_null_condition(condition: str, kept: list[tuple[str, str]], conditions: list[str]) -> _Failing:
    """Add to ``conditions`` what a dropped NULL clause's ``condition`` says besides a bare failure: "otherwise" is
    the negation of the condition of the value clause before it (``kept``), when that is not success.

    Returned: the failure as a sentence going on about it (:func:`_joined_failure`) follows it; a bare one's
    condition is "" (said "on failure") unless its words say when."""
    condition = _meant_failure(_IS_RETURNED.sub("", condition))
    if condition.lower() == "otherwise":
        previous = _VALUE_CONDITION.search(kept[-1][1]) if kept else None
        if previous is not None and not _SUCCESS_CONDITION.search(kept[-1][1]):
            met = previous.group("condition")
            conditions.append(f"{previous.group('word')} not {met}" if re.fullmatch(r"\w+", met) else f"unless {met}")
            return _Failing(conditions[-1], True)
    elif not _BARE_NULL.fullmatch(_CLOSING_PARENTHESIS.sub("", condition)):
        conditions.append(condition)
        return _Failing(condition, True)
    # "NULL signals an error", a bare "or NULL", "NULL in failure": no words that say when
    return _Failing(condition if _BARE_FAILURE.fullmatch(condition) or _VALUE_CONDITION.match(condition) else "", False)


def _meant_failure(condition: str) -> str:
    """What a failure value's ``condition`` that says what the value "indicates" means: "indicates that no checkpoint
    has that name" is "if no checkpoint has that name", one no more than a failure ("signifies failure", "means an
    error occurred") is "on failure".  Left as it was, its verb dangled at the start of the :raises line."""
    meaning = _FAILURE_MEANS.match(condition)
    if meaning is None:
        return condition
    what = meaning.group("what")
    return "on failure" if _BARE_NULL.fullmatch(what) or _BARE_NULL.fullmatch("if " + what) else "if " + what
