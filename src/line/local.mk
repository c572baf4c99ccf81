## src/line
