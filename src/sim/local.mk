## src/sim
