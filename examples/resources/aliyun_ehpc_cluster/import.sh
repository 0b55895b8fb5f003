# The cluster id. The import reads the queues, shared storages, software and add-ons too; attributes the API
# cannot read back (credentials, tags, is_enterprise_security_group, the manager node's data disks) are recorded
# from the configuration by the first apply after the import, without replacing the cluster.
terraform import aliyun_ehpc_cluster.example ehpc-hz-FYUr32abcd
