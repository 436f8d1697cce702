#!/bin/sh
# enginebench.sh [ROUNDS] [REFERENCE_DIR]: training and inference
# throughput of the seed network on every GEMM path this processor runs
# (model's BenchmarkTrainStep at batch 128 and BenchmarkInfer over the
# 10,000 test images, with $FASHIONLENS_GEMM set): the tiled paths of the
# default build, and OpenBLAS from a build with the tag openblas (Debian's
# libopenblas-dev), side by side with
# PyTorch (REFERENCE_DIR/bench_quick.py 2 and torch_infer.py, default
# ../shared/reference), in interleaved rounds (default 5), then the
# medians and the ratios to PyTorch, as it runs (oneDNN picks AVX-512
# where there is one) and capped at AVX2 (ONEDNN_MAX_CPU_ISA=AVX2). Needs Debian's python3-torch for the
# reference.
set -eu
rounds=${1:-5}
ref=${2:-../shared/reference}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go test -c -o "$tmp/model.test" ./model
go test -c -tags openblas -o "$tmp/model-openblas.test" ./model
paths="$(go run ./internal/experiments/gemmpaths | sed 's/ *blas$//') openblas"
echo "CPU: $(lscpu | sed -n 's/^Model name: *//p'); $(nproc) cores"
echo "flags: $(grep -o -w -E 'avx2|fma|avx512f|avx512bw|avx512vl|avx512_bf16' /proc/cpuinfo | sort -u | tr '\n' ' ')"
echo "OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-unset}; GEMM paths: $paths"
# bench NAME BENCHMARK TIMES: one run of a model benchmark per path, its
# img/s appended to $tmp/NAME.
bench() {
	for p in $paths; do
		bin=$tmp/model.test env=$p
		if [ "$p" = openblas ]; then
			bin=$tmp/model-openblas.test env=blas
		fi
		v=$(FASHIONLENS_GEMM=$env "$bin" -test.run '^$' -test.bench "$2" -test.benchtime "$3" |
			awk '{ for (i = 1; i < NF; i++) if ($(i+1) == "img/s") print $i }')
		echo "$p $v" >>"$tmp/$1"
	done
}
for r in $(seq 1 "$rounds"); do
	bench train '^BenchmarkTrainStep/seed$' 40x
	bench infer '^BenchmarkInfer$' 3x
	if [ -f "$ref/bench_quick.py" ]; then
		v=$(/usr/bin/python3 "$ref/bench_quick.py" 2 | awk '{ for (i = 1; i < NF; i++) if ($i == "img/s") print $(i+1) }')
		echo "pytorch $v" >>"$tmp/train"
		v=$(/usr/bin/python3 "$ref/torch_infer.py" | awk '{ print $NF }')
		echo "pytorch $v" >>"$tmp/infer"
		# PyTorch as on an AVX2-only processor: oneDNN capped at AVX2
		# (its verbose output then names "isa:Intel AVX2"), to set
		# beside the avx2 path.
		v=$(ONEDNN_MAX_CPU_ISA=AVX2 /usr/bin/python3 "$ref/bench_quick.py" 2 | awk '{ for (i = 1; i < NF; i++) if ($i == "img/s") print $(i+1) }')
		echo "pytorch-avx2 $v" >>"$tmp/train"
		v=$(ONEDNN_MAX_CPU_ISA=AVX2 /usr/bin/python3 "$ref/torch_infer.py" | awk '{ print $NF }')
		echo "pytorch-avx2 $v" >>"$tmp/infer"
	fi
	echo "round $r: training $(tail -n 5 "$tmp/train" | tr '\n' ' '); inference $(tail -n 5 "$tmp/infer" | tr '\n' ' ')"
done
# median FILE NAME: the median of NAME's runs in FILE.
median() {
	awk -v p="$2" '$1 == p { print $2 }' "$tmp/$1" | sort -g | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)] }'
}
# summary FILE TITLE: the median of each path and of PyTorch, and the
# ratios to PyTorch and to PyTorch capped at AVX2.
summary() {
	echo
	echo "$2, img/s: median of $rounds (all runs)"
	torch=$(median "$1" pytorch)
	torch2=$(median "$1" pytorch-avx2)
	for p in $paths pytorch pytorch-avx2; do
		awk -v p="$p" '$1 == p { print $2 }' "$tmp/$1" | sort -g |
			awk -v p="$p" -v t="${torch:-0}" -v t2="${torch2:-0}" '{ v[NR] = $1; all = all " " sprintf("%.0f", $1) }
				END { if (!NR) exit; m = v[int((NR + 1) / 2)]
				      r = (t > 0) ? sprintf("%.2f× PyTorch", m / t) : ""
				      r2 = (t2 > 0) ? sprintf("%.2f× PyTorch-AVX2", m / t2) : ""
				      printf "%-12s %6.0f  %s  %s   (%s )\n", p, m, r, r2, all }'
	done
}
summary train "training, seed network, batch 128"
summary infer "inference of the 10,000 test images (PyTorch: batches of 128, 2 threads)"
