package augment_test

import (
	"fmt"

	"github.com/fashionlens/fashionlens/model/augment"
)

// Draw a transform for image 7 of epoch 3 of a run seeded 1, and apply it.
// The same seed, epoch and position always give the same transform.
func Example() {
	p := augment.Policy{Shift: 2, Flip: true}
	t := p.Draw(augment.Mix(1, 3, 7))
	fmt.Println(t == p.Draw(augment.Mix(1, 3, 7)))

	src := make([]uint8, augment.Size)
	src[0] = 255 // the top-left pixel
	dst := make([]float32, augment.Size)
	augment.ImageTo(dst, src, augment.Transform{DX: 1, DY: 2})
	fmt.Println(dst[2*augment.Side+1], dst[0]) // moved 1 right and 2 down
	augment.ImageTo(dst, src, augment.Transform{Flip: true})
	fmt.Println(dst[augment.Side-1]) // mirrored to the top-right
	// Output:
	// true
	// 1 0
	// 1
}
