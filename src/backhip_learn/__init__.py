"""backhip-learn: study "Lower back pain spreading to the hip" as quizzes and flashcards.

Study material, not medical advice.
"""

__version__ = "0.1.0"
DISCLAIMER = (
    "backhip-learn is study material for learning one article. It is not medical advice: "
    "for pain or symptoms, see a qualified healthcare professional."
)
