package model

import (
	"context"
	"fmt"

	"github.com/fashionlens/fashionlens/model/dataset"
	"github.com/fashionlens/fashionlens/model/ops"
)

// RecalibrateBN replaces every batch normalisation's running mean and
// variance by the statistics of its input over the images at idx of
// split, as inference computes that input: dropout off, and the earlier
// batch normalisations already recalibrated. Training's running averages
// describe inputs seen with dropout on, and weights that kept changing
// while they were averaged; inference sees neither, so its statistics can
// be measured instead of estimated.
//
// It makes one pass over the images per batch-normalisation layer, each
// through the layers before it only. It stops with ctx's error, leaving
// the network as it was, when ctx is cancelled.
func (n *Net) RecalibrateBN(ctx context.Context, split *dataset.Split, idx []int) error {
	if split == nil || len(idx) == 0 {
		return fmt.Errorf("recalibrate batch normalisation: no images")
	}
	saved := n.snapshot()
	ws := n.newWorkspace(InferBatch)
	for k, l := range n.layers {
		if l.kind != batchNorm {
			continue
		}
		c := l.inC
		sum, sumSq := make([]float64, c), make([]float64, c)
		mean, variance := make([]float64, c), make([]float64, c)
		count := 0
		for lo := 0; lo < len(idx); lo += InferBatch {
			if err := ctx.Err(); err != nil {
				n.restore(saved)
				return fmt.Errorf("recalibrate batch normalisation: %w", err)
			}
			batch := idx[lo:min(lo+InferBatch, len(idx))]
			x := split.FloatBatchTo(ws.x, batch)
			in := n.forwardTo(ws, x, len(batch), nil, k)
			ops.BNStats(in, mean, variance)
			rows := len(in) / c
			for j := range c {
				sum[j] += mean[j] * float64(rows)
				sumSq[j] += (variance[j] + mean[j]*mean[j]) * float64(rows)
			}
			count += rows
		}
		for j := range c {
			m := sum[j] / float64(count)
			l.bn.Mean[j] = float32(m)
			l.bn.Var[j] = float32(max(sumSq[j]/float64(count)-m*m, 0))
		}
		n.foldBN(ws)
	}
	return nil
}
