//go:build unix

package main

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/fashionlens/fashionlens/internal/cli"
	"github.com/fashionlens/fashionlens/internal/testfeatures"
	"github.com/fashionlens/fashionlens/model/checkpoint"
)

// TestMain lets a test run this test binary as the fashionlens command:
// with FASHIONLENS_RUN_MAIN=1 it is main itself.
func TestMain(m *testing.M) {
	if os.Getenv("FASHIONLENS_RUN_MAIN") == "1" {
		main()
		return
	}
	os.Exit(m.Run())
}

// Each stop signal, SIGHUP (the terminal closed) included, ends a
// training run after its current batch with the best epoch so far saved
// and exit status 1.
func TestTrainStopSignals(t *testing.T) {
	if testing.Short() {
		t.Skip("trains in a child process")
	}
	data := testfeatures.TrainDir(t)
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP} {
		t.Run(sig.String(), func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "m.ckpt")
			cmd := exec.Command(os.Args[0], "train", "--preset", "small", "--data", data, "--subset", "1024",
				"--epochs", "1000", "--val", "0.25", "--batch", "32", "--out", out)
			cmd.Env = append(os.Environ(), "FASHIONLENS_RUN_MAIN=1")
			stdout, err := cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			cmd.Stderr = cmd.Stdout
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			// Wait for the first finished epoch, then signal.
			sc := bufio.NewScanner(stdout)
			var log strings.Builder
			for sc.Scan() {
				log.WriteString(sc.Text() + "\n")
				if strings.HasPrefix(sc.Text(), "epoch 1/") {
					break
				}
			}
			if err := cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			done := make(chan struct{})
			go func() {
				for sc.Scan() {
					log.WriteString(sc.Text() + "\n")
				}
				close(done)
			}()
			select {
			case <-done:
			case <-time.After(time.Minute):
				cmd.Process.Kill()
				t.Fatal("the run did not end within a minute of the signal")
			}
			err = cmd.Wait()
			if code := cmd.ProcessState.ExitCode(); code != cli.ExitError {
				t.Errorf("exit %d (%v), want %d:\n%s", code, err, cli.ExitError, log.String())
			}
			c, err := checkpoint.Load(out)
			if err != nil || len(c.History) < 1 || c.BestEpoch < 1 {
				t.Errorf("no checkpoint with the best epoch saved: %v\n%s", err, log.String())
			}
		})
	}
}
