package cs

import (
	"net/http"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/emulator/core"
)

func invalid(format string, args ...any) error {
	return core.Errorf(http.StatusBadRequest, "InvalidParameter", format, args...)
}
