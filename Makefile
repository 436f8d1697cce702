# Fashion Lens: build, run and test on Debian/Ubuntu.
#
#   make run      install what is missing, build, and open the app
#   make test     install what is missing and run every check CI runs
#   make package  build the Linux package, dist/fashionlens-VERSION-linux-amd64.tar.xz
#   make install  build the package and install it for the current user (~/.local)
#   make tree-test  build both packages in a copy of the repository: the tree stays clean
#   make package-windows  cross-compile the Windows package, dist/fashionlens-VERSION-windows-amd64.zip
#
# Both install missing Debian packages with apt-get (through sudo when not
# root). Go 1.26 or newer must be on PATH.

GO       ?= go
BIN      := fashionlens
# The tests' own build: make test never deletes or replaces ./$(BIN).
TEST_BIN := build/linux/$(BIN)
FUZZTIME ?= 60s
SUDO     := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
export PATH := $(PATH):/usr/local/go/bin

# Build: cgo and the headers of OpenGL, X11 and GTK 3 (Fyne, native dialogs);
# xz-utils unpacks the package (make install, make package-test). The
# network's kernels are the project's own: no BLAS library is needed.
BUILD_PACKAGES := gcc pkg-config libgl1-mesa-dev libgtk-3-dev libxxf86vm-dev xz-utils \
	libx11-dev libxcursor-dev libxrandr-dev libxinerama-dev libxi-dev
# Tests: a virtual X server for the window test (.ci/with-xvfb), and
# OpenBLAS for the openblas-tagged GEMM path (make check builds and tests
# it; make bench-engine compares it).
TEST_PACKAGES  := xvfb libopenblas-dev
# Data: the real Fashion-MNIST, installed in /usr/share/datasets/fashion-mnist.
DATA_PACKAGES  := dataset-fashion-mnist
# Windows: the mingw-w64 cross-compiler and zip (make package-windows), and
# Wine to run the result in the test (make windows-test).
WINDOWS_PACKAGES := gcc-mingw-w64-x86-64 zip unzip
WINE_PACKAGES    := wine wine64

.PHONY: all build run test check window-test package install package-test tree-test package-windows windows-test bench-windows deps-windows shipped-results bundled-models ablation seeds fuzz bench bench-engine bench-purego bench-analysis bench-gui bench-lasso bench-umap bench-sklearn bench-suspects gpu deps deps-test go-check clean

all: build

go-check:
	@command -v $(GO) >/dev/null 2>&1 || { echo "Go is not installed: get Go 1.26 or newer from https://go.dev/dl and put it on PATH" >&2; exit 1; }
	@$(GO) version | awk '{ split($$3, v, "."); sub("go", "", v[1]); if (v[1] < 1 || (v[1] == 1 && v[2] < 26)) { print "Go 1.26 or newer is needed, found " $$3 > "/dev/stderr"; exit 1 } }'

# deps installs the Debian packages that are missing, and only those.
deps: go-check
	@./.ci/apt-install $(BUILD_PACKAGES) $(DATA_PACKAGES)

deps-test: go-check
	@./.ci/apt-install $(BUILD_PACKAGES) $(DATA_PACKAGES) $(TEST_PACKAGES)

build: deps
	$(GO) build -o $(BIN) .

run: build
	./$(BIN)

# test runs what CI runs: formatting, vet, the unit tests with the race
# detector (and the analysis tests without it), and the real window under
# Xvfb (a screenshot of each tab, none of which may be blank), the
# packages, and tree-test.
test: deps-test check window-test package-test windows-test tree-test

check:
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$unformatted" ]; then echo "gofmt would change: $$unformatted" >&2; exit 1; fi
	$(GO) vet ./...
	$(GO) test -race -count=1 -timeout 30m ./...
	# Again without the race detector for the tests on real features and
	# real training that are skipped under it (too slow there).
	$(GO) test -count=1 ./analysis/...
	$(GO) test -count=1 -run 'TestRecalibrationRepairsShortRun' ./model
	$(GO) test -count=1 -run TestShippedResults ./gui
	# The OpenBLAS path, kept behind a build tag for comparisons.
	$(GO) vet -tags openblas ./model/internal/gemm
	$(GO) test -count=1 -tags openblas ./model/internal/gemm

window-test:
	$(GO) build -o $(TEST_BIN) .
	rm -rf build/screenshots build/screenshots-no-train build/screenshots-damaged
	./.ci/with-xvfb $(TEST_BIN) screenshot --size 1280x800 --out build/screenshots
	./.ci/with-xvfb $(TEST_BIN) screenshot --size 1280x800 --data "$$(mktemp -d)" --out build/screenshots-no-train
	for d in build/screenshots build/screenshots-no-train; do for t in dataset training embeddings clusters; do \
		test -s $$d/$$t.png || { echo "missing $$d/$$t.png" >&2; exit 1; }; done; done
	./.ci/damaged-data-test $(TEST_BIN) build/screenshots-damaged

# The Linux package, made by fyne.io/tools (pinned) from FyneApp.toml: the
# release binary, the .desktop file and the icon, with the Makefile that
# `make install` uses. .ci/package-linux builds it in build/package/linux
# and leaves the tree as it was: FyneApp.toml unchanged, ./fashionlens
# (make run's) untouched.
FYNE_TOOLS_VERSION := v1.7.4
FYNE_TOOL := build/tools/fyne
VERSION  := $(shell sed -n 's/^ *Version *= *"\(.*\)"/\1/p' FyneApp.toml)
PACKAGE  := dist/fashionlens-$(VERSION)-linux-amd64.tar.xz

$(FYNE_TOOL):
	GOBIN="$(CURDIR)/build/tools" $(GO) install fyne.io/tools/cmd/fyne@$(FYNE_TOOLS_VERSION)

package: deps $(FYNE_TOOL)
	./.ci/package-linux $(FYNE_TOOL) $(PACKAGE)

# The Windows package, cross-compiled here with mingw-w64 by fyne.io/tools
# (pinned): "Fashion Lens.exe" with the icon and the version resource, no
# console window, and the licence notices, in one zip. See .ci/windows.
WIN_PACKAGE := dist/fashionlens-$(VERSION)-windows-amd64.zip

deps-windows: go-check
	@./.ci/apt-install $(WINDOWS_PACKAGES)

package-windows: deps-windows $(FYNE_TOOL)
	./.ci/windows/package $(FYNE_TOOL) $(WIN_PACKAGE)

# windows-test checks the zip and runs its exe under Wine (prefix cached in
# build/wine): version, evaluate (the accuracy of the Linux build), a short
# training, analyze, and a screenshot of each tab. The exe is built once,
# by package-windows.
windows-test: package-windows
	@./.ci/apt-install $(WINE_PACKAGES) xvfb $(DATA_PACKAGES)
	$(GO) build -o $(TEST_BIN) .
	./.ci/windows/wine-test $(WIN_PACKAGE) $(TEST_BIN)

# install unpacks the package and installs it for the current user: the
# binary in ~/.local/bin, the .desktop file and the icon in ~/.local/share.
install: package
	rm -rf build/install
	mkdir -p build/install
	tar -xJf $(PACKAGE) -C build/install
	$(MAKE) -C build/install/fashionlens user-install
	@echo "installed: ~/.local/bin/fashionlens and Fashion Lens in the desktop's menu"

# package-test checks the archive and starts the packaged binary as a new
# user would: an empty home folder, no data set (an empty --data folder,
# so that Debian's package, installed for the other tests, is not found).
package-test: package
	./.ci/package-test $(PACKAGE)

# tree-test builds both packages in a fresh copy of the repository, also
# with a failing packaging tool, and checks that the copy's git status
# stays empty and a ./fashionlens there is kept (about 2 minutes on the
# 2-core machine, with the Go build cache warm).
tree-test: deps deps-windows $(FYNE_TOOL)
	@./.ci/apt-install git
	./.ci/tree-test $(FYNE_TOOL)

# shipped-results rewrites resources/results (the bundled models' features
# of the embedded test split, shipped so that the first start runs no
# network) after a bundled model or the computation changed.
shipped-results:
	$(GO) test -count=1 ./gui -run TestShippedResults -args -update-shipped

# bundled-models retrains the two bundled models with the default recipe
# and seed 1 on both cores (about 13 minutes each on the 2-core machine),
# then rewrites the shipped results that depend on them.
bundled-models: build
	./$(BIN) train --preset seed --scheme fashion10 --seed 1 --out resources/models/seed-fashion10.ckpt
	./$(BIN) train --preset seed --scheme groups5 --seed 1 --out resources/models/seed-groups5.ckpt
	$(MAKE) shipped-results

# ablation trains one model per ingredient of the default recipe (seed 1,
# validation accuracy only, never the test split; about 4 hours on the
# 2-core machine, two runs at a time); seeds trains the default recipe
# with seeds 1–3 on both schemes (final models, measured once on the test
# split; about 2 hours). BENCHMARKS.md, "Training recipe", quotes both.
ablation: build
	./internal/experiments/ablation.sh build/ablation 2

seeds: build
	./internal/experiments/seeds.sh build/seeds 2

# fuzz runs each parser fuzz target for FUZZTIME. The minimiser is capped at
# 5 s a new input: at its default of 60 s it stalls the 2-core run for most
# of a minute after each new interesting input.
fuzz: go-check
	$(GO) test ./model/dataset -run '^$$' -fuzz '^FuzzReadImages$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 5s
	$(GO) test ./model/dataset -run '^$$' -fuzz '^FuzzReadLabels$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 5s
	$(GO) test ./model/checkpoint -run '^$$' -fuzz '^FuzzRead$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 5s
	for f in FuzzReadTSV FuzzReadCSV FuzzReadF32 FuzzReadMetadata; do \
		$(GO) test ./analysis/featfile -run '^$$' -fuzz "^$$f\$$" -fuzztime $(FUZZTIME) -fuzzminimizetime 5s || exit 1; \
	done
	$(GO) test ./gui -run '^$$' -fuzz '^FuzzImportMetadata$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 5s
	$(GO) test ./gui -run '^$$' -fuzz '^FuzzParseFloats$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 5s
	$(GO) test ./internal/settings -run '^$$' -fuzz '^FuzzParse$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 5s
	$(GO) test ./gui -run '^$$' -fuzz '^FuzzLoadSettings$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 5s
	$(GO) test ./internal/cli -run '^$$' -fuzz '^FuzzReadLabels$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 5s
	for f in FuzzDecode FuzzLoad; do \
		$(GO) test ./internal/labelmarks -run '^$$' -fuzz "^$$f\$$" -fuzztime $(FUZZTIME) -fuzzminimizetime 5s || exit 1; \
	done
	$(GO) test ./internal/workspace -run '^$$' -fuzz '^FuzzParseIndexRanges$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 5s

# bench runs the benchmarks five times each; BENCHMARKS.md quotes medians.
# bench-purego runs the GEMM and network benchmarks on gonum's pure-Go
# GEMM (the path of processors without AVX2), for comparison.
bench: deps
	$(GO) test ./model/dataset -run '^$$' -bench . -count 5
	$(GO) test ./model/internal/gemm ./model/internal/gemm/tiled ./model -run '^$$' -bench . -count 5

# bench-engine: training and inference on every GEMM path beside PyTorch
# (Debian's python3-torch), BENCHMARKS.md's "Kernel paths".
bench-engine: deps-test
	./internal/experiments/enginebench.sh 5 ../shared/reference

# bench-analysis times the analysis algorithms on a fixed model's
# features of the 10,000 test images (t-SNE also on 2,000 and, with the
# Debian data set, 60,000 train images); bench-sklearn runs scikit-learn
# on the same features. BENCHMARKS.md compares the two.
bench-analysis: deps
	$(GO) test ./analysis/pca ./analysis/cluster ./analysis/neighbors ./analysis/plot -run '^$$' -bench . -count 5
	$(GO) test ./analysis/tsne -run '^$$' -bench 'TSNE/n=(2000|10000)$$' -benchtime 1x -count 5
	$(GO) test ./analysis/tsne -run '^$$' -bench 'TSNE/n=60000' -benchtime 1x -count 1 -timeout 30m

# bench-gui times the map widget (redraw, hit test, lasso), a tap up to the
# updated inspectors, a lasso's release up to the shown selection, and a
# scroll step of a 5,000-image selection gallery; no window is needed.
bench-gui: deps
	$(GO) test ./gui/plotview -run '^$$' -bench . -count 5
	$(GO) test ./gui -run '^$$' -bench 'TapToInspector|LassoToSelection|SelectionGalleryScroll' -count 5

# bench-lasso times the map's lasso selection (10,000 points, a 200-vertex
# lasso) beside matplotlib's Path.contains_points and a numpy even-odd
# test on the same data, five interleaved rounds (BENCHMARKS.md, "Lasso
# selection (map widget)").
bench-lasso: deps
	@./.ci/apt-install python3-matplotlib
	./gui/plotview/reference/lasso_bench.sh 5

# bench-umap runs analysis/umap beside umap-learn 0.5.3 (Debian's
# umap-learn) on the same features, 10,000 test and 60,000 train images,
# three interleaved rounds: times and trustworthiness (BENCHMARKS.md,
# "UMAP (issue 17)"; about 15 minutes on the 2-core machine).
bench-umap: deps
	@./.ci/apt-install umap-learn python3-sklearn
	./analysis/reference/umap_bench.sh 3

# bench-windows: the Windows package under Wine beside the Linux build,
# training, inference and start-up, five interleaved rounds (BENCHMARKS.md,
# "Windows build under Wine"; about 10 minutes on the 2-core machine).
bench-windows: package-windows
	@./.ci/apt-install $(WINE_PACKAGES) xvfb $(DATA_PACKAGES)
	./.ci/windows/bench 5

# gpu would build fashionlens with gorgonia's cuda tag; this project has no
# GPU build yet (README.md, "GPU"), so it says so and fails.
gpu:
	@echo "make gpu: there is no GPU build yet: gorgonia.org/cu needs the CUDA toolkit (nvcc) and cuDNN 8 headers, which this machine lacks, and the network's layers have no GPU kernels; see README.md, section GPU" >&2
	@exit 1

# The analysis benchmarks and their scikit-learn reference run on the
# features of a fixed model (internal/testfeatures), not the bundled one.
TESTFEATURES_MODEL := testdata/seed-fashion10-v0.2.ckpt

bench-sklearn: build
	@./.ci/apt-install python3-sklearn
	mkdir -p build
	./$(BIN) features --model internal/testfeatures/$(TESTFEATURES_MODEL) --data "$$(mktemp -d)" --out build/test-vectors.tsv --metadata build/test-metadata.tsv
	/usr/bin/python3 analysis/reference/sklearn_bench.py build/test-vectors.tsv build/test-metadata.tsv \
		--eps 12.37 --min-samples 5 --tsne --labels-out build/sklearn-labels.csv

# bench-suspects flips 3% of the test split's labels at random (seeds
# 1–5), ranks the images with `fashionlens suspects` and the bundled
# 10-class model, and prints precision@100/300/500 and AUROC
# (BENCHMARKS.md, "Suspicious labels"; a minute on the 2-core machine).
bench-suspects: go-check
	./internal/experiments/labelnoise.sh build/labelnoise

bench-purego: deps
	FASHIONLENS_GEMM=blas $(GO) test ./model/internal/gemm ./model -run '^$$' -bench 'Sgemm|TrainStep/|Infer' -count 5

clean:
	rm -rf $(BIN) build dist
