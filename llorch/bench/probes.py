"""What the machine is, how much memory a run peaked at, and energy from RAPL where readable."""

from __future__ import annotations

import os
import platform
from dataclasses import dataclass
from pathlib import Path

from llorch.bench.types import Hardware

__all__ = ["EnergyMeter", "PeakMemory", "hardware_report"]


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith(("model name", "hardware", "cpu model")):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _memory_bytes() -> int:
    try:
        return int(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES"))
    except (ValueError, OSError, AttributeError):
        return 0


def hardware_report() -> Hardware:
    """CPU, cores, memory, the llama.cpp build (backends, devices) and versions."""
    import dataclasses

    from llorch import __version__
    from llorch.engine.llama import build_info, physical_cores

    build = build_info()
    return Hardware(
        cpu=_cpu_model(),
        physical_cores=physical_cores(),
        logical_cores=os.cpu_count() or 1,
        memory_bytes=_memory_bytes(),
        os=f"{platform.system()} {platform.release()}",
        python=platform.python_version(),
        llorch=__version__,
        llama_cpp_python=build.llama_cpp_python,
        backends=build.backends,
        gpu_offload=build.gpu_offload,
        devices=tuple(dataclasses.asdict(d) for d in build.devices),
        system_info=build.system_info,
    )


class PeakMemory:
    """Peak resident memory of this process (Linux VmHWM, resettable per test)."""

    def reset(self) -> None:
        try:
            Path("/proc/self/clear_refs").write_text("5")  # "5" resets the peak RSS counter
        except OSError:
            pass

    def peak(self) -> int:
        try:
            for line in Path("/proc/self/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
        except OSError:
            pass
        import resource

        return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss) * 1024


@dataclass
class EnergyMeter:
    """Package energy from Intel/AMD RAPL counters in /sys/class/powercap (microjoules)."""

    files: tuple[Path, ...]
    ranges: tuple[int, ...]

    @classmethod
    def open(cls, root: Path = Path("/sys/class/powercap")) -> EnergyMeter | None:
        """A meter over the readable package counters, or None when there are none."""
        files, ranges = [], []
        for zone in sorted(root.glob("intel-rapl:*")) if root.is_dir() else []:
            if zone.name.count(":") != 1:  # packages only, not their sub-zones
                continue
            energy = zone / "energy_uj"
            try:
                int(energy.read_text())
                max_range = int((zone / "max_energy_range_uj").read_text())
            except (OSError, ValueError):
                continue
            files.append(energy)
            ranges.append(max_range)
        return cls(tuple(files), tuple(ranges)) if files else None

    def read(self) -> tuple[int, ...]:
        return tuple(int(f.read_text()) for f in self.files)

    def joules_between(self, before: tuple[int, ...], after: tuple[int, ...]) -> float:
        total = 0
        for b, a, wrap in zip(before, after, self.ranges):
            total += a - b if a >= b else a + wrap - b  # the counter wraps at max_energy_range_uj
        return total / 1e6
