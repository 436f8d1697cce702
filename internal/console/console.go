// Package console gives a windowed Windows program the console it was
// started from, so that its sub-commands print where the user typed them.
//
// The Windows package is linked as a GUI program (no console window opens
// when it is double-clicked), and such a program starts with no standard
// output. Attach connects the output that is missing to the parent's
// console. Output that was redirected to a file or a pipe is kept as it
// is. Elsewhere Attach does nothing.
package console
