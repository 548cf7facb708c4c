"""Card templates and CSS of our Anki note types (written for this project, static HTML only).

Templates use Anki's own syntax (``{{Field}}``, ``{{#Field}}...{{/Field}}``, ``{{cloze:...}}``,
``{{type:...}}``). No JavaScript: every note type must work on Anki desktop, AnkiDroid and
AnkiMobile alike. Field values are built (already escaped) in ``anki.py``.
"""

from __future__ import annotations

# The back of every card ends with the same block: why, the learner's own notes, and one small
# line with where in the article it comes from and the item id (to report a problem with a card).
_FOOTER = """
{{#Explanation}}<div class="bh-explanation"><div class="bh-label">Why</div>{{Explanation}}</div>{{/Explanation}}
{{#My notes}}<div class="bh-mine"><div class="bh-label">My notes</div>{{My notes}}</div>{{/My notes}}
<div class="bh-section">{{#Section}}<span class="bh-label">Article</span> {{Section}} \u00b7 {{/Section}}<span class="bh-id">{{Id}}</span></div>
"""

BASIC_FRONT = '<div class="bh-card bh-basic"><div class="bh-prompt">{{Prompt}}</div></div>'
BASIC_BACK = (
    '<div class="bh-card bh-basic"><div class="bh-prompt bh-asked">{{Prompt}}</div>\n<hr id="answer">\n'
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
    # Anki's {{type:}} compares letter by letter and case-sensitively with one string: the card says
    # what else the app counts as right, so a learner can judge their own answer.
    '<div class="bh-accepted"><span class="bh-label">Also right</span> {{#Accepted}}{{Accepted}}; {{/Accepted}}'
    "any case, spacing or punctuation, and one small slip per long word (the check above compares letter by"
    " letter)</div>"
    + _FOOTER
    + "</div>"
)

# Choice: the front shows every option; the back shows the same Options field, where the CSS
# keeps only the right ones (the answer first), then the feedback that teaches. An option is
# edited in one place.
CHOICE_FRONT = (
    '<div class="bh-card bh-board bh-front"><div class="bh-prompt">{{Prompt}}</div>\n'
    '<div class="bh-instruction">{{Instruction}}</div>\n{{Options}}</div>'
)
CHOICE_BACK = (
    '<div class="bh-card bh-board bh-back"><div class="bh-prompt bh-asked">{{Prompt}}</div>\n<hr id="answer">\n'
    '<div class="bh-answer">{{Options}}</div>\n'
    '{{#Feedback}}<div class="bh-feedbacks"><div class="bh-label">Feedback</div>{{Feedback}}</div>{{/Feedback}}'
    + _FOOTER + "</div>"
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
/* On the back the prompt was just read: smaller, so the answer and what teaches fit a phone. */
.bh-asked { font-size: 0.85em; color: #3b4350; margin-bottom: 0.3em; }
.bh-instruction { font-size: 0.8em; color: #5b6473; margin: 0.3em 0 0.6em; font-style: italic; }
.bh-answer { font-size: 1.05em; }
.bh-label {
  font-size: 0.7em; font-weight: 600; text-transform: uppercase; letter-spacing: 0.05em;
  color: #5b6473; margin-right: 0.4em;
}
hr#answer { border: none; border-top: 1px solid #c9ced6; margin: 0.5em 0; }
.cloze { font-weight: 700; color: #1f5fbf; }
.cloze-inactive { color: inherit; }

/* Lists of options, steps and pairs: plain blocks that wrap on a phone screen. */
.bh-list { list-style: none; padding: 0; margin: 0.4em 0; }
.bh-list li {
  margin: 0.3em 0; padding: 0.35em 0.55em; border: 1px solid #d7dbe2; border-radius: 6px;
  background: #ffffff;
}
.bh-tag {
  display: inline-block; min-width: 1.6em; font-weight: 700; color: #1f5fbf; margin-right: 0.3em;
}
/* The back keeps only the right options: the answer first. */
.bh-back .bh-options li:not(.bh-right) { display: none; }
.bh-back .bh-right { border-color: #2e7d4f; background: #eaf6ee; }
.bh-back .bh-right::after { content: " \\2713"; font-weight: 700; color: #2e7d4f; }
.bh-feedbacks { margin-top: 0.6em; font-size: 0.8em; }
.bh-feedbacks .bh-list li { padding: 0.25em 0.45em; margin: 0.25em 0; }
.bh-misc { font-weight: 600; color: #7a4b00; }
.bh-mine { margin-top: 0.7em; padding: 0.4em 0.6em; font-size: 0.8em; border: 1px dashed #b9c3d3; border-radius: 6px; }
.bh-explanation {
  margin-top: 0.7em; padding: 0.4em 0.6em; border-left: 4px solid #1f5fbf; background: #eef3fb;
  border-radius: 0 6px 6px 0; font-size: 0.8em;
}
.bh-note { margin-top: 0.4em; padding-top: 0.3em; border-top: 1px dashed #b9c3d3; font-size: 0.95em; }
.bh-accepted { margin-top: 0.7em; font-size: 0.85em; color: #3b4350; }
.bh-section { margin-top: 0.8em; font-size: 0.7em; color: #5b6473; }
.bh-id { color: #8a93a2; }
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
.nightMode .bh-back .bh-right, .night_mode .bh-back .bh-right { border-color: #5fbf86; background: #1f3327; }
.nightMode .bh-back .bh-right::after, .night_mode .bh-back .bh-right::after { color: #7ed3a0; }
.nightMode .bh-asked, .night_mode .bh-asked,
.nightMode .bh-section, .night_mode .bh-section,
.nightMode .bh-accepted, .night_mode .bh-accepted { color: #c6ccd6; }
.nightMode .bh-misc, .night_mode .bh-misc { color: #f0c277; }
.nightMode .bh-mine, .night_mode .bh-mine { border-color: #454b56; }
.nightMode .bh-explanation, .night_mode .bh-explanation { background: #232b38; border-left-color: #7fb0ff; }
.nightMode .bh-note, .night_mode .bh-note { border-top-color: #454b56; }
.nightMode .bh-id, .night_mode .bh-id { color: #7d8592; }
"""
