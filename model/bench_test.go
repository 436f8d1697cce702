package model

import (
	"context"
	"testing"

	"github.com/fashionlens/fashionlens/model/augment"
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

// BenchmarkTrainFeed times training steps of the seed preset fed by the
// data pipeline, as Train runs them, with and without augmentation (shifts
// of up to 2 px and flips, drawn per image), and reports images per
// second: the pipeline prepares the next batch beside the step, so the two
// should train at the same speed.
func BenchmarkTrainFeed(b *testing.B) {
	for _, tc := range []struct {
		name   string
		policy augment.Policy
	}{
		{"augment=off", augment.Policy{}},
		{"augment=on", augment.Policy{Shift: 2, Flip: true}},
	} {
		b.Run(tc.name, func(b *testing.B) {
			split, err := dataset.Embedded()
			if err != nil {
				b.Fatal(err)
			}
			net, err := New(PresetSeed, dataset.Fashion10, 1)
			if err != nil {
				b.Fatal(err)
			}
			const batch = 128
			tg, err := net.buildTrain(batch, 1)
			if err != nil {
				b.Fatal(err)
			}
			defer tg.vm.Close()
			solver := NewAdamW(1e-3, 0, net.decayMask())
			order := make([]int, split.Len()/batch*batch)
			for i := range order {
				order[i] = i
			}
			epoch := uint64(0)
			newFeed := func() *feed {
				epoch++
				return startFeed(context.Background(), feedSpec{split: split, scheme: dataset.Fashion10, order: order,
					batch: batch, policy: tc.policy, seed: 1, epoch: epoch})
			}
			f := newFeed()
			defer func() { f.close() }()
			step := uint64(0)
			for b.Loop() {
				buf := f.next()
				if buf == nil {
					f.close()
					f = newFeed()
					buf = f.next()
				}
				step++
				if _, _, err := tg.step(buf, 0.1, solver, step); err != nil {
					b.Fatal(err)
				}
				f.recycle(buf)
			}
			b.ReportMetric(float64(batch*b.N)/b.Elapsed().Seconds(), "img/s")
		})
	}
}
