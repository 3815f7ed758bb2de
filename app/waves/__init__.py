"""Survey waves in public: the wave list, each wave's report, and comparisons."""
