variable "root_password" {
  description = "Root password of the E-HPC cluster and the edge workers (8-20 characters, three of: upper, lower, digit, special)."
  type        = string
  sensitive   = true
  default     = "Quickstart-2026!"
}

variable "image_id" {
  description = "OS image of the E-HPC manager and of the nodes that join it (same OS family and major version)."
  type        = string
  default     = "centos_7_9_x64_20G_alibase_20240628.vhd"
}

variable "existing_instance_ids" {
  description = "Stopped ECS instances to add as compute nodes. The defaults are seeded in the local emulator."
  type        = set(string)
  default     = ["i-emu000000000000001", "i-emu000000000000002"]
}

variable "edge_cluster_id" {
  description = "An ACK managed edge cluster. The default is the one seeded in the local emulator."
  type        = string
  default     = "c0ffee5eed0ed6e0a1b2c3d4e5f60718"
}
