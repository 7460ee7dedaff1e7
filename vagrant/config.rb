# Settings of the Vagrant cluster, read by the Vagrantfile (the book's config.rb, chapter 6:
# Couchbase needs at least 1.5 GB per VM).
$num_instances = 3
$instance_name_prefix = 'core'
$update_channel = 'stable'
$vm_memory = 2048
$vm_cpus = 1
# Node i gets "#{$ip_prefix}.#{100 + i}": 172.17.8.101-103, like the book's cluster.
$ip_prefix = '172.17.8'
# Host port forwarded to each node's web@ port 3000 (node i: $web_port_base + i), or nil.
$web_port_base = nil
