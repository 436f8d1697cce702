package model

import (
	"context"

	"github.com/fashionlens/fashionlens/model/augment"
	"github.com/fashionlens/fashionlens/model/dataset"
)

// feedDepth is how many prepared batches may wait ahead of the training
// step.
const feedDepth = 2

// batchBuf is one prepared training batch: images as float32 in [0, 1]
// and their classes in the run's scheme.
type batchBuf struct {
	x       []float32
	classes []int
}

// feed prepares an epoch's batches on a goroutine of its own, so that
// reading, scaling and augmenting the next batch overlaps with the
// training step on the current one. Batches arrive in order on out; each
// must be handed back with recycle once used.
type feed struct {
	out  chan *batchBuf
	free chan *batchBuf
	done chan struct{}
	stop context.CancelFunc
}

// feedSpec is what a feed prepares.
type feedSpec struct {
	split  *dataset.Split
	scheme *dataset.Scheme
	order  []int // the epoch's image indices, in training order
	batch  int
	policy augment.Policy // off: plain images
	seed   uint64
	epoch  uint64
}

// startFeed starts preparing the batches of spec. The transform of the
// image at position p of the epoch is drawn from (seed, epoch, p), so it
// does not depend on timing.
func startFeed(ctx context.Context, spec feedSpec) *feed {
	ctx, stop := context.WithCancel(ctx)
	f := &feed{out: make(chan *batchBuf, feedDepth), free: make(chan *batchBuf, feedDepth+1),
		done: make(chan struct{}), stop: stop}
	for range feedDepth + 1 {
		f.free <- &batchBuf{x: make([]float32, spec.batch*dataset.ImageSize), classes: make([]int, spec.batch)}
	}
	go func() {
		defer close(f.done)
		defer close(f.out)
		for lo := 0; lo < len(spec.order); lo += spec.batch {
			var b *batchBuf
			select {
			case b = <-f.free:
			case <-ctx.Done():
				return
			}
			spec.fill(b, lo)
			select {
			case f.out <- b:
			case <-ctx.Done():
				return
			}
		}
	}()
	return f
}

// fill prepares the batch that starts at position lo of the epoch.
func (s *feedSpec) fill(b *batchBuf, lo int) {
	idx := s.order[lo:min(lo+s.batch, len(s.order))]
	b.x, b.classes = b.x[:len(idx)*dataset.ImageSize], b.classes[:len(idx)]
	if !s.policy.On() {
		s.split.FloatBatchTo(b.x, idx)
	}
	for j, i := range idx {
		b.classes[j] = s.scheme.Class(s.split.Labels[i])
		if s.policy.On() {
			t := s.policy.Draw(augment.Mix(s.seed, s.epoch, uint64(lo+j)))
			augment.ImageTo(b.x[j*dataset.ImageSize:(j+1)*dataset.ImageSize], s.split.Image(i), t)
		}
	}
}

// next returns the next batch, or nil when the epoch is over or ctx ended.
func (f *feed) next() *batchBuf { return <-f.out }

// recycle hands a used batch back for reuse.
func (f *feed) recycle(b *batchBuf) {
	select {
	case f.free <- b:
	default:
	}
}

// close stops the goroutine and waits for it.
func (f *feed) close() {
	f.stop()
	<-f.done
}
