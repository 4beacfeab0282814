#!/usr/bin/env python3
"""Pillow's times for the image cases of benchmarks/Pooling.Benchmarks (ImageBenchmarks), on this machine.

Run with Debian's python3-pil (Pillow 9.4):  /usr/bin/python3 tools/bench/pillow_resize.py
The benchmark's `images` command runs it right after its own run and puts the figures in docs/benchmarks.md.
Prints one JSON object: case name -> median microseconds of Image.resize (Image.reduce for area) over 25 timed calls after 3 warm-up calls,
one thread (Pillow's resampler is single-threaded), on an RGB image of the case's size.
"""
import json
import random
import time

from PIL import Image

CASES = {
    "Bilinear_1920x1080_224x224": ((1920, 1080), (224, 224), Image.BILINEAR),
    "Bicubic_1920x1080_224x224": ((1920, 1080), (224, 224), Image.BICUBIC),
    "Bilinear_270x268_224x224": ((270, 268), (224, 224), Image.BILINEAR),
    "Bilinear_224x224_448x448": ((224, 224), (448, 448), Image.BILINEAR),
    "Bicubic_224x224_448x448": ((224, 224), (448, 448), Image.BICUBIC),
    "Box_640x480_320x240": ((640, 480), (320, 240), Image.BOX),
    # Pillow has no area filter: Image.reduce(2) is its exact 2×2 box (the mean rounded half up).
    "Area_640x480_320x240": ((640, 480), (320, 240), None),
}


def main():
    rng = random.Random(42)
    result = {"pillow": Image.__version__}
    for name, (size, target, resample) in CASES.items():
        image = Image.frombytes("RGB", size, bytes(rng.randrange(256) for _ in range(size[0] * size[1] * 3)))
        def run():
            return image.reduce(size[0] // target[0]) if resample is None else image.resize(target, resample)
        for _ in range(3):
            run()
        times = []
        for _ in range(25):
            start = time.perf_counter()
            run()
            times.append((time.perf_counter() - start) * 1e6)
        times.sort()
        result[name] = times[len(times) // 2]
    print(json.dumps(result))


if __name__ == "__main__":
    main()
