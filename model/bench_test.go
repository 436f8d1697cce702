package model

import (
	"context"
	"testing"

	"github.com/fashionlens/fashionlens/model/dataset"
)

// BenchmarkTrainStep times one training step (forward, backward and Adam)
// of the seed preset at batch 128, on successive batches of the embedded
// test split, and reports images per second.
func BenchmarkTrainStep(b *testing.B) {
	for _, preset := range Presets {
		b.Run(preset, func(b *testing.B) {
			split, err := dataset.Embedded()
			if err != nil {
				b.Fatal(err)
			}
			net, err := New(preset, dataset.Fashion10, 1)
			if err != nil {
				b.Fatal(err)
			}
			const batch = 128
			tg, err := net.buildTrain(batch, 1)
			if err != nil {
				b.Fatal(err)
			}
			defer tg.vm.Close()
			solver := NewAdamW(1e-3, 0, nil)
			buf := &batchBuf{x: make([]float32, batch*dataset.ImageSize), classes: make([]int, batch)}
			idx := make([]int, batch)
			step := 0
			for b.Loop() {
				for i := range idx {
					idx[i] = (step*batch + i) % split.Len()
					buf.classes[i] = int(split.Labels[idx[i]])
				}
				split.FloatBatchTo(buf.x, idx)
				step++
				if _, _, err := tg.step(buf, 0, solver, uint64(step)); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(batch*b.N)/b.Elapsed().Seconds(), "img/s")
		})
	}
}

// BenchmarkInfer times forward-only inference of the seed preset over the
// 10,000 images of the embedded test split, with the features.
func BenchmarkInfer(b *testing.B) {
	split, err := dataset.Embedded()
	if err != nil {
		b.Fatal(err)
	}
	net, err := New(PresetSeed, dataset.Fashion10, 1)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := net.Predict(context.Background(), split, nil, true, nil); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(split.Len()*b.N)/b.Elapsed().Seconds(), "img/s")
}
