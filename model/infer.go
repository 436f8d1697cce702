package model

import (
	"context"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/fashionlens/fashionlens/internal/progress"
	"github.com/fashionlens/fashionlens/model/dataset"
	"github.com/fashionlens/fashionlens/model/internal/gemm"
	"github.com/fashionlens/fashionlens/model/ops"
)

// InferBatch is the batch size of inference.
const InferBatch = 256

// workspace holds inference buffers for one batch size.
type workspace struct {
	batch  int
	a, b   []float32   // activations, ping-pong
	scale  [][]float32 // per batch-norm layer: folded γ/σ
	shift  [][]float32
	x      []float32
	logits []float32
}

func (n *Net) newWorkspace(batch int) *workspace {
	ws := &workspace{batch: batch, scale: make([][]float32, len(n.layers)), shift: make([][]float32, len(n.layers))}
	maxAct := 0
	for i, l := range n.layers {
		maxAct = max(maxAct, l.inSize(), l.outSize())
		switch l.kind {
		case batchNorm:
			ws.scale[i], ws.shift[i] = make([]float32, l.inC), make([]float32, l.inC)
		}
	}
	ws.a = make([]float32, batch*maxAct)
	ws.b = make([]float32, batch*maxAct)
	ws.x = make([]float32, batch*dataset.ImageSize)
	ws.logits = make([]float32, batch*n.Classes())
	n.foldBN(ws)
	return ws
}

// foldBN turns each batch normalisation's running statistics into a
// per-channel scale and shift.
func (n *Net) foldBN(ws *workspace) {
	for i, l := range n.layers {
		if l.kind != batchNorm {
			continue
		}
		g, b := l.gamma.Float32s(), l.beta.Float32s()
		for c := range g {
			s := g[c] / float32(math.Sqrt(float64(l.bn.Var[c])+l.bn.Eps))
			ws.scale[i][c] = s
			ws.shift[i][c] = b[c] - l.bn.Mean[c]*s
		}
	}
}

// forward runs rows images of x (rows ≤ ws.batch, 28×28×1 each, in
// [0, 1]) through the network in inference mode. It returns the logits
// (rows×classes) and, if feats is not nil, copies the encoded features
// (rows×64) into it.
func (n *Net) forward(ws *workspace, x []float32, rows int, feats []float32) []float32 {
	return n.forwardTo(ws, x, rows, feats, len(n.layers))
}

// forwardTo is forward through layers [0, upto) only: it returns the input
// of layer upto (the logits if upto is the number of layers).
func (n *Net) forwardTo(ws *workspace, x []float32, rows int, feats []float32, upto int) []float32 {
	cur, next := x[:rows*dataset.ImageSize], ws.a
	folded := false // the batch normalisation was applied with the layer before
	for i, l := range n.layers[:upto] {
		out := next[:rows*l.outSize()]
		switch l.kind {
		case conv, dense:
			// The features are the layer's own output, so only fold a
			// batch normalisation into a layer that is not the features.
			var scale, shift []float32
			if nb := i + 1; nb < upto && n.layers[nb].kind == batchNorm && !l.features {
				scale, shift = ws.scale[nb], ws.shift[nb]
				folded = true
			}
			if l.kind == conv {
				s := ops.ConvShape{N: rows, H: l.inH, W: l.inW, Cin: l.inC, Cout: l.outC}
				ops.Conv3x3Forward(s, cur, l.w.Float32s(), l.b.Float32s(), scale, shift, l.relu, out)
			} else {
				in := l.inSize()
				gemm.Sgemm(false, false, rows, l.outC, in, 1, cur, in, l.w.Float32s(), l.outC, 0, out, l.outC)
				if scale != nil {
					ops.BiasActAffine(out, l.b.Float32s(), l.relu, scale, shift)
				} else {
					ops.BiasAct(out, l.b.Float32s(), l.relu)
				}
			}
			if l.features && feats != nil {
				copy(feats, out)
			}
		case batchNorm:
			if folded {
				folded = false
				continue
			}
			ops.Affine(cur, out, ws.scale[i], ws.shift[i])
		case pool:
			ops.Pool2Max(cur, rows, l.inH, l.inW, l.inC, out)
		case dropout:
			continue // off in inference
		}
		cur = out
		if &next[0] == &ws.a[0] {
			next = ws.b
		} else {
			next = ws.a
		}
	}
	return cur
}

// Prediction is what the network says of a set of images.
type Prediction struct {
	// Probs holds the softmax probabilities, Len()×Classes.
	Probs []float32
	// Pred is each image's most probable class.
	Pred []int
	// Features holds the encoded Dense(64) activations, Len()×FeatureDim,
	// if they were asked for.
	Features []float32
	// Seconds is the time the forward passes took.
	Seconds float64
}

// ImagesPerSecond is the inference speed.
func (p *Prediction) ImagesPerSecond() float64 {
	if p.Seconds <= 0 {
		return 0
	}
	return float64(len(p.Pred)) / p.Seconds
}

// Predict runs the images at idx of split (all of them if idx is nil)
// through the network in inference mode, InferBatch at a time, and
// returns probabilities, predictions and, if features, the encoded
// features. It stops with ctx's error when ctx is cancelled.
func (n *Net) Predict(ctx context.Context, split *dataset.Split, idx []int, features bool, report progress.Func) (*Prediction, error) {
	if split == nil {
		return nil, errors.New("predict: no data")
	}
	total := split.Len()
	if idx != nil {
		total = len(idx)
	}
	c := n.Classes()
	p := &Prediction{Probs: make([]float32, total*c), Pred: make([]int, total)}
	if features {
		p.Features = make([]float32, total*FeatureDim)
	}
	ws := n.newWorkspace(InferBatch)
	batchIdx := make([]int, 0, InferBatch)
	start := time.Now()
	for lo := 0; lo < total; lo += InferBatch {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("predict: %w", err)
		}
		hi := min(lo+InferBatch, total)
		batchIdx = batchIdx[:0]
		for i := lo; i < hi; i++ {
			if idx != nil {
				batchIdx = append(batchIdx, idx[i])
			} else {
				batchIdx = append(batchIdx, i)
			}
		}
		x := split.FloatBatchTo(ws.x, batchIdx)
		var f []float32
		if features {
			f = p.Features[lo*FeatureDim : hi*FeatureDim]
		}
		logits := n.forward(ws, x, hi-lo, f)
		probs := p.Probs[lo*c : hi*c]
		ops.Softmax(logits, c, nil, probs)
		for r := 0; r < hi-lo; r++ {
			p.Pred[lo+r] = argmax(probs[r*c : (r+1)*c])
		}
		report.Send(progress.Report{Done: hi, Total: total, Note: "images"})
	}
	p.Seconds = time.Since(start).Seconds()
	return p, nil
}

func argmax(v []float32) int {
	best := 0
	for i, x := range v {
		if x > v[best] {
			best = i
		}
	}
	return best
}

// Evaluation is a network's score on a labelled split.
type Evaluation struct {
	Accuracy float64 `json:"accuracy"`
	// Loss is the mean cross-entropy.
	Loss float64 `json:"loss"`
	// PerClass is the accuracy (recall) of each class.
	PerClass []float64 `json:"per_class"`
	// Confusion[t][p] counts images of true class t predicted as p.
	Confusion       [][]int  `json:"confusion"`
	Classes         []string `json:"classes"`
	Images          int      `json:"images"`
	ImagesPerSecond float64  `json:"images_per_second"`
	// Prediction holds the probabilities of every image.
	Prediction *Prediction `json:"-"`
}

// Evaluate scores the network on the images at idx of split (all if nil).
func (n *Net) Evaluate(ctx context.Context, split *dataset.Split, idx []int, report progress.Func) (*Evaluation, error) {
	p, err := n.Predict(ctx, split, idx, false, report)
	if err != nil {
		return nil, err
	}
	return n.score(split, idx, p), nil
}

// Score compares a prediction of the images at idx of split (all if nil),
// made by Predict, with their labels: Evaluate without the forward passes,
// for a caller that kept the prediction.
func (n *Net) Score(split *dataset.Split, idx []int, p *Prediction) *Evaluation {
	return n.score(split, idx, p)
}

// score compares a prediction with the split's labels.
func (n *Net) score(split *dataset.Split, idx []int, p *Prediction) *Evaluation {
	return scoreIn(n.Scheme, split, idx, p)
}

// scoreIn compares a prediction in scheme's classes with the split's
// labels.
func scoreIn(scheme *dataset.Scheme, split *dataset.Split, idx []int, p *Prediction) *Evaluation {
	c := scheme.NumClasses()
	e := &Evaluation{PerClass: make([]float64, c), Confusion: make([][]int, c), Classes: scheme.Classes,
		Images: len(p.Pred), ImagesPerSecond: p.ImagesPerSecond(), Prediction: p}
	for i := range e.Confusion {
		e.Confusion[i] = make([]int, c)
	}
	correct := 0
	var loss float64
	for i, pred := range p.Pred {
		j := i
		if idx != nil {
			j = idx[i]
		}
		t := scheme.Class(split.Labels[j])
		e.Confusion[t][pred]++
		if t == pred {
			correct++
		}
		loss -= math.Log(math.Max(float64(p.Probs[i*c+t]), 1e-30))
	}
	if len(p.Pred) > 0 {
		e.Accuracy = float64(correct) / float64(len(p.Pred))
		e.Loss = loss / float64(len(p.Pred))
	}
	for t, row := range e.Confusion {
		total := 0
		for _, v := range row {
			total += v
		}
		if total > 0 {
			e.PerClass[t] = float64(row[t]) / float64(total)
		}
	}
	return e
}
