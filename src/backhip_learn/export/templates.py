"""Card templates and CSS of our Anki note types (written for this project, static HTML only).

Templates use Anki's own syntax (``{{Field}}``, ``{{#Field}}...{{/Field}}``, ``{{cloze:...}}``,
``{{type:...}}``). No JavaScript: every note type must work on Anki desktop, AnkiDroid and
AnkiMobile alike. Field values are built (already escaped) in ``anki.py``.
"""

from __future__ import annotations

# The back of every card ends with the same block: why, where in the article, and the item id
# (so a learner can report a problem with a card by its id).
_FOOTER = """
{{#Explanation}}<div class="bh-explanation"><div class="bh-label">Why</div>{{Explanation}}</div>{{/Explanation}}
{{#Section}}<div class="bh-section"><span class="bh-label">Article</span> {{Section}}</div>{{/Section}}
<div class="bh-id">{{Id}}</div>
"""

BASIC_FRONT = '<div class="bh-card bh-basic"><div class="bh-prompt">{{Prompt}}</div></div>'
BASIC_BACK = (
    '<div class="bh-card bh-basic"><div class="bh-prompt">{{Prompt}}</div>\n<hr id="answer">\n'
    '<div class="bh-answer">{{Answer}}</div>' + _FOOTER + "</div>"
)

CLOZE_FRONT = '<div class="bh-card bh-cloze"><div class="bh-prompt">{{cloze:Text}}</div></div>'
CLOZE_BACK = (
    '<div class="bh-card bh-cloze"><div class="bh-prompt">{{cloze:Text}}</div>\n<hr id="answer">\n'
    + _FOOTER.replace("Explanation", "Extra")
    + "</div>"
)

TYPED_FRONT = (
    '<div class="bh-card bh-typed"><div class="bh-prompt">{{Prompt}}</div>\n'
    '<div class="bh-instruction">Type your answer</div>\n{{type:Answer}}</div>'
)
TYPED_BACK = (
    '<div class="bh-card bh-typed"><div class="bh-prompt">{{Prompt}}</div>\n<hr id="answer">\n'
    "{{type:Answer}}\n"
    '{{#Accepted}}<div class="bh-accepted"><span class="bh-label">Also accepted</span> {{Accepted}}</div>{{/Accepted}}'
    + _FOOTER
    + "</div>"
)

# Choice, matching and ordering share a shape: the front shows a static board (options, or two
# columns, or shuffled steps), the back replaces it with the key.
BOARD_FRONT = (
    '<div class="bh-card bh-board"><div class="bh-prompt">{{Prompt}}</div>\n'
    '<div class="bh-instruction">{{Instruction}}</div>\n{{Board}}</div>'
)
BOARD_BACK = (
    '<div class="bh-card bh-board"><div class="bh-prompt">{{Prompt}}</div>\n<hr id="answer">\n'
    '<div class="bh-key">{{Key}}</div>' + _FOOTER + "</div>"
)

CSS = """\
.card {
  font-family: -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  font-size: 20px;
  line-height: 1.45;
  text-align: left;
  color: #1d2430;
  background-color: #fbfbf8;
}
.bh-card { max-width: 42em; margin: 0 auto; padding: 0.4em 0.6em; }
.bh-prompt { font-size: 1.1em; margin-bottom: 0.6em; }
.bh-instruction { font-size: 0.8em; color: #5b6473; margin: 0.3em 0 0.6em; font-style: italic; }
.bh-answer { font-size: 1.05em; }
.bh-label {
  font-size: 0.7em; font-weight: 600; text-transform: uppercase; letter-spacing: 0.05em;
  color: #5b6473; margin-right: 0.4em;
}
hr#answer { border: none; border-top: 1px solid #c9ced6; margin: 0.8em 0; }
.cloze { font-weight: 700; color: #1f5fbf; }
.cloze-inactive { color: inherit; }

/* Lists of options, steps and pairs: plain blocks that wrap on a phone screen. */
.bh-list { list-style: none; padding: 0; margin: 0.4em 0; }
.bh-list li {
  margin: 0.35em 0; padding: 0.45em 0.6em; border: 1px solid #d7dbe2; border-radius: 6px;
  background: #ffffff;
}
.bh-tag {
  display: inline-block; min-width: 1.6em; font-weight: 700; color: #1f5fbf; margin-right: 0.3em;
}
.bh-columns { display: flex; flex-wrap: wrap; gap: 0 1.2em; }
.bh-columns > .bh-list { flex: 1 1 14em; }
.bh-correct { border-color: #2e7d4f !important; background: #eaf6ee !important; }
.bh-wrong { opacity: 0.85; }
.bh-mark { font-weight: 700; margin-left: 0.3em; }
.bh-correct .bh-mark { color: #2e7d4f; }
.bh-wrong .bh-mark { color: #a33a3a; }
.bh-feedback { font-size: 0.85em; margin-top: 0.25em; color: #3b4350; }
.bh-misconception { font-size: 0.85em; margin-top: 0.25em; color: #7a4b00; }
.bh-pairs { border-collapse: collapse; width: 100%; margin: 0.4em 0; }
.bh-pairs td { border-bottom: 1px solid #d7dbe2; padding: 0.35em 0.4em; vertical-align: top; }
.bh-pairs td.bh-arrow { width: 1.5em; text-align: center; color: #5b6473; }
.bh-short { font-size: 0.85em; color: #5b6473; margin-top: 0.4em; }
.bh-explanation {
  margin-top: 1em; padding: 0.6em 0.8em; border-left: 4px solid #1f5fbf; background: #eef3fb;
  border-radius: 0 6px 6px 0;
}
.bh-note { margin-top: 0.6em; padding-top: 0.4em; border-top: 1px dashed #b9c3d3; font-size: 0.9em; }
.bh-section, .bh-accepted { margin-top: 0.7em; font-size: 0.85em; color: #3b4350; }
.bh-id { margin-top: 1em; font-size: 0.65em; color: #8a93a2; text-align: right; }
input#typeans { font-size: 1em; width: 100%; box-sizing: border-box; }

/* Night mode: Anki adds .nightMode (desktop, AnkiMobile) or .night_mode (AnkiDroid, older). */
.nightMode.card, .night_mode.card, .nightMode .card, .night_mode .card { color: #e4e7ec; background-color: #1e2127; }
.nightMode .bh-instruction, .night_mode .bh-instruction,
.nightMode .bh-label, .night_mode .bh-label,
.nightMode .bh-short, .night_mode .bh-short { color: #a7afbd; }
.nightMode hr#answer, .night_mode hr#answer { border-top-color: #454b56; }
.nightMode .cloze, .night_mode .cloze,
.nightMode .bh-tag, .night_mode .bh-tag { color: #7fb0ff; }
.nightMode .bh-list li, .night_mode .bh-list li { background: #262a31; border-color: #3d434e; }
.nightMode .bh-correct, .night_mode .bh-correct { border-color: #5fbf86 !important; background: #1f3327 !important; }
.nightMode .bh-correct .bh-mark, .night_mode .bh-correct .bh-mark { color: #7ed3a0; }
.nightMode .bh-wrong .bh-mark, .night_mode .bh-wrong .bh-mark { color: #f08c8c; }
.nightMode .bh-feedback, .night_mode .bh-feedback,
.nightMode .bh-section, .night_mode .bh-section,
.nightMode .bh-accepted, .night_mode .bh-accepted { color: #c6ccd6; }
.nightMode .bh-misconception, .night_mode .bh-misconception { color: #f0c277; }
.nightMode .bh-pairs td, .night_mode .bh-pairs td { border-bottom-color: #3d434e; }
.nightMode .bh-explanation, .night_mode .bh-explanation { background: #232b38; border-left-color: #7fb0ff; }
.nightMode .bh-note, .night_mode .bh-note { border-top-color: #454b56; }
.nightMode .bh-id, .night_mode .bh-id { color: #7d8592; }
"""
