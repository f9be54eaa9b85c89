"""Turning an uploaded resume file (PDF, DOCX, Markdown, plain text) into text, once, at upload.

The real type is sniffed from the bytes, never trusted from the extension, and every refusal
is an InvalidInput whose message says what to do, so a bad file is never half-stored and the
person never sees a traceback.
"""

from __future__ import annotations

from tailor_core.parsing.api import ACCEPTED, EXTENSIONS, ParsedResume, parse_resume_file

__all__ = ["ACCEPTED", "EXTENSIONS", "ParsedResume", "parse_resume_file"]
