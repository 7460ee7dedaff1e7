#!/usr/bin/env ruby
# frozen_string_literal: true

# Renders node.bu to node.ign like `butane --strict --pretty --files-dir ../.. node.bu`, for the
# subset of Butane that node.bu uses (variant flatcar 1.0.0: storage.directories, storage.files
# with contents.local or contents.inline, systemd.units with name, enabled and contents). For
# machines without butane (it is not packaged in Debian); anything else in node.bu is an error.
# Butane may gzip file contents; this writes them as plain base64 data URLs, which Ignition reads
# the same way. Usage: ruby vagrant/butane/render-ign.rb   (rewrites vagrant/butane/node.ign)
require 'base64'
require 'json'
require 'yaml'

here = __dir__
files_dir = File.expand_path('../..', here)
config = YAML.safe_load(File.read(File.join(here, 'node.bu')))

def check_keys(what, hash, allowed)
  unknown = hash.keys - allowed
  raise "#{what}: unsupported keys #{unknown.join(', ')}" unless unknown.empty?
end

check_keys('node.bu', config, %w[variant version storage systemd])
unless config['variant'] == 'flatcar' && config['version'] == '1.0.0'
  raise 'node.bu: expected variant flatcar, version 1.0.0 (Ignition 3.3.0)'
end

ignition = { 'ignition' => { 'version' => '3.3.0' } }
storage = config.fetch('storage', {})
check_keys('storage', storage, %w[directories files])
unless storage.empty?
  ignition['storage'] = {}
  dirs = storage.fetch('directories', []).map do |d|
    check_keys("directory #{d['path']}", d, %w[path mode])
    d.dup
  end
  ignition['storage']['directories'] = dirs unless dirs.empty?
  files = storage.fetch('files', []).map do |f|
    check_keys("file #{f['path']}", f, %w[path mode contents])
    contents = f.fetch('contents')
    check_keys("file #{f['path']} contents", contents, %w[local inline])
    data = if contents.key?('local')
             File.binread(File.join(files_dir, contents['local']))
           else
             contents.fetch('inline')
           end
    out = { 'path' => f['path'] }
    out['contents'] = { 'source' => "data:;base64,#{Base64.strict_encode64(data)}" }
    out['mode'] = f['mode'] if f.key?('mode')
    out
  end
  ignition['storage']['files'] = files unless files.empty?
end

units = config.fetch('systemd', {}).fetch('units', [])
unless units.empty?
  ignition['systemd'] = {
    'units' => units.map do |u|
      check_keys("unit #{u['name']}", u, %w[name enabled contents])
      u.dup
    end
  }
end

File.write(File.join(here, 'node.ign'), "#{JSON.pretty_generate(ignition)}\n")
