// Command bench measures the provider side by side with its floors and prints a Markdown table
// (`make bench`). Runs alternate between the kinds so that drift of the machine affects all alike.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"time"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/bench"
)

func main() {
	rounds := flag.Int("rounds", 7, "alternating rounds of each plan measurement")
	n := flag.Int("resources", 100, "resources per plan configuration")
	flag.Parse()
	ctx := context.Background()

	root, err := os.Getwd()
	if err != nil {
		log.Fatal(err)
	}
	scratch, err := os.MkdirTemp("", "aliyun-bench-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(scratch)
	h, err := bench.NewHarness(ctx, root, scratch)
	if err != nil {
		log.Fatal(err)
	}

	fmt.Printf("## terraform plan -refresh=false, %d resources, median of %d alternating runs\n\n", *n, *rounds)
	samples := map[string][]time.Duration{}
	workspaces := map[string]*bench.Workspace{}
	for _, kind := range bench.Kinds {
		w, err := h.Workspace(kind, *n)
		if err != nil {
			log.Fatal(err)
		}
		workspaces[kind] = w
		if _, err := w.Plan(ctx); err != nil { // warm-up: page cache, plugin start
			log.Fatal(err)
		}
	}
	for r := 0; r < *rounds; r++ {
		for _, kind := range bench.Kinds {
			d, err := workspaces[kind].Plan(ctx)
			if err != nil {
				log.Fatal(err)
			}
			samples[kind] = append(samples[kind], d)
		}
	}
	td := bench.Median(samples[bench.KindTerraformData])
	floor := bench.Median(samples[bench.KindFloor])
	fmt.Println("| configuration | median | per resource | vs terraform_data | vs framework floor |")
	fmt.Println("|---|---|---|---|---|")
	for _, kind := range bench.Kinds {
		m := bench.Median(samples[kind])
		fmt.Printf("| %s | %s | %s | %.2f× | %.2f× |\n", kind, m.Round(time.Millisecond),
			(m / time.Duration(*n)).Round(10*time.Microsecond), float64(m)/float64(td), float64(m)/float64(floor))
	}
}
