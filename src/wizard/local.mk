## src/wizard
