"""Per-article quality signals (``meta.quality``) and the optional ``quality`` filter step.

``signals`` computes the signals, ``thresholds`` holds the published thresholds and judges
signals against them, ``filter`` is the pipeline step. Import from those modules: this
package imports nothing itself, so that record building can use the signals without
pulling in the cleaner machinery.
"""
