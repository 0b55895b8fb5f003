# A Batch Compute cluster is imported by its id.
terraform import aliyun_batchcompute_cluster.example cls-6ki3sg6sqlno7nt8fu0007
