# Braze's webhook Liquid in Shopify's own engine (the Ruby gem Braze runs), for the test that
# compares it with liquidjs where the gem is installed. Reads JSON lines
# {"template": "...", "profile": {...}} on stdin (Braze's ${...} syntax already mapped to plain
# variables) and writes one JSON line each: {"body": "..."} or {"abort": "reason"} or {"error": "..."}.
require "json"
require "liquid"

class BrazeAbort < StandardError; end

# {% abort_message('reason') %}, as Braze documents it.
class AbortMessage < Liquid::Tag
  def initialize(tag_name, markup, tokens)
    super
    @reason = markup[/'([^']*)'/, 1] || ""
  end

  def render(_context)
    raise BrazeAbort, @reason
  end
end

# json_escape as Braze documents it: double quotes and backslashes, nothing else.
module JsonEscape
  def json_escape(input)
    input.to_s.gsub("\\") { "\\\\" }.gsub('"') { "\\\"" }
  end
end

Liquid::Template.register_tag("abort_message", AbortMessage)
Liquid::Template.register_filter(JsonEscape)

$stdout.sync = true
$stdin.each_line do |line|
  request = JSON.parse(line)
  begin
    template = Liquid::Template.parse(request["template"], error_mode: :strict)
    body = template.render!(request["profile"], strict_filters: true)
    puts JSON.generate({ "body" => body })
  rescue BrazeAbort => e
    puts JSON.generate({ "abort" => e.message })
  rescue StandardError => e
    puts JSON.generate({ "error" => "#{e.class}: #{e.message}" })
  end
end
