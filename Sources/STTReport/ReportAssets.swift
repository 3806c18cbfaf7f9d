/// The report's inline style and script. The script only zooms charts: every chart is drawn
/// in Swift, so the file reads the same with scripts off.
public enum ReportAssets {
    public static let css = """
        body{font:14px/1.4 system-ui,sans-serif;margin:0 auto;max-width:800px;padding:16px;color:#222}
        h1{font-size:22px;margin:0}h2{font-size:18px;margin:28px 0 6px;border-bottom:1px solid #ddd}
        h3{font-size:15px;margin:14px 0 4px}figure{margin:8px 0}
        dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px}dt{color:#666}dd{margin:0}
        code{font:12px ui-monospace,monospace;word-break:break-all}
        table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #eee;padding:3px 6px;text-align:left}
        .pass{color:#2ca02c;font-weight:600}.fail{color:#d62728;font-weight:700}
        .note{background:#fff8e1;border-left:4px solid #ffb300;padding:6px 10px}.hint{color:#666;font-size:12px}
        svg.chart text{font-size:11px;fill:#333}svg .chart-title{font-size:13px;font-weight:600}
        svg .axis line{stroke:#999}svg .axis .grid{stroke:#eee}svg .plot-bg{fill:#fcfcfc}
        svg.zoomable .plot{cursor:crosshair}svg .zoom-box{fill:rgba(31,119,180,.12);stroke:#1f77b4}
        svg.topology line{stroke:#888;stroke-width:2}svg.topology .endpoint{fill:#1f77b4}
        svg.topology .router{fill:#7f7f7f}svg.topology text{font-size:11px}
        .states,.figures{font-size:12px;color:#555}
        """

    static let script = """
        (function(){
        "use strict";
        var units={seconds:function(v){return c(v)+" s"},milliseconds:function(v){return c(v)+" ms"},
        fraction:function(v){return c(v*100)+"%"},count:function(v){return s(v,1000,["","k","M","G"])},
        bytes:function(v){return s(v,1024,[" B"," KiB"," MiB"," GiB"," TiB"])},
        bitsPerSecond:function(v){return s(v,1000,[" bit/s"," kbit/s"," Mbit/s"," Gbit/s"])}};
        function c(v){if(v===0)return "0";var a=Math.abs(v),d=a>=100?0:a>=10?1:a>=1?2:3;
        return String(parseFloat(v.toFixed(d)));}
        function s(v,b,x){var i=0;while(Math.abs(v)>=b&&i<x.length-1){v/=b;i++;}return c(v)+x[i];}
        function ticks(lo,hi,n){var r=(hi-lo)/n,m=Math.pow(10,Math.floor(Math.log10(r)));
        var st=[1,2,5,10].map(function(k){return k*m;}).filter(function(k){return k>=r;})[0]||10*m;
        var out=[];for(var v=Math.ceil(lo/st)*st;v<=hi+st*1e-9&&out.length<50;v+=st)out.push(v);return out;}
        var NS="http://www.w3.org/2000/svg";
        function el(n,a,t){var e=document.createElementNS(NS,n);for(var k in a)e.setAttribute(k,a[k]);
        if(t!==undefined)e.textContent=t;return e;}
        function setup(svg){
        var plot=svg.querySelector("svg.plot"),full=svg.dataset.full.split(" ").map(Number);
        var X=+plot.getAttribute("x"),Y=+plot.getAttribute("y"),W=+plot.getAttribute("width"),
        H=+plot.getAttribute("height"),view=full.slice(),fx=units[svg.dataset.xUnit],fy=units[svg.dataset.yUnit];
        function axes(){
        var xa=svg.querySelector("g.x-axis"),ya=svg.querySelector("g.y-axis");
        [xa,ya].forEach(function(g){Array.prototype.slice.call(g.children).forEach(function(e){
        if(!e.classList.contains("axis-title"))g.removeChild(e);});});
        ticks(view[0],view[1],6).forEach(function(t){var p=X+(t-view[0])/(view[1]-view[0])*W;
        xa.appendChild(el("line",{x1:p,x2:p,y1:Y+H,y2:Y+H+4}));
        xa.appendChild(el("text",{x:p,y:Y+H+16,"text-anchor":"middle"},fx(t)));});
        ticks(view[2],view[3],5).forEach(function(t){var p=Y+H-(t-view[2])/(view[3]-view[2])*H;
        ya.appendChild(el("line",{"class":"grid",x1:X,x2:X+W,y1:p,y2:p}));
        ya.appendChild(el("text",{x:X-6,y:p+4,"text-anchor":"end"},fy(t)));});}
        function show(v){
        if(!(v[1]>v[0])||!(v[3]>v[2]))return;view=v;
        var sx=W/(full[1]-full[0]),sy=H/(full[3]-full[2]);
        plot.setAttribute("viewBox",[(v[0]-full[0])*sx,H-(v[3]-full[2])*sy,(v[1]-v[0])*sx,(v[3]-v[2])*sy].join(" "));
        svg.dataset.view=v.join(" ");axes();}
        function data(evt){var r=plot.getBoundingClientRect();
        var fx_=(evt.clientX-r.left)/r.width,fy_=(evt.clientY-r.top)/r.height;
        return [view[0]+fx_*(view[1]-view[0]),view[3]-fy_*(view[3]-view[2])];}
        plot.addEventListener("wheel",function(e){e.preventDefault();var p=data(e),k=e.deltaY<0?0.8:1.25;
        show([p[0]-(p[0]-view[0])*k,p[0]+(view[1]-p[0])*k,p[1]-(p[1]-view[2])*k,p[1]+(view[3]-p[1])*k]);},
        {passive:false});
        var start=null,box=null;
        plot.addEventListener("mousedown",function(e){start=data(e);box=el("rect",{"class":"zoom-box"});
        svg.appendChild(box);});
        window.addEventListener("mousemove",function(e){if(!start)return;var p=data(e);
        var r=svg.getBoundingClientRect(),q=plot.getBoundingClientRect(),sc=svg.viewBox.baseVal.width/r.width;
        var x0=Math.min(e.clientX,q.left+(start[0]-view[0])/(view[1]-view[0])*q.width);
        var x1=Math.max(e.clientX,q.left+(start[0]-view[0])/(view[1]-view[0])*q.width);
        var y0=Math.min(e.clientY,q.top+(view[3]-start[1])/(view[3]-view[2])*q.height);
        var y1=Math.max(e.clientY,q.top+(view[3]-start[1])/(view[3]-view[2])*q.height);
        box.setAttribute("x",(x0-r.left)*sc);box.setAttribute("y",(y0-r.top)*sc);
        box.setAttribute("width",(x1-x0)*sc);box.setAttribute("height",(y1-y0)*sc);void p;});
        window.addEventListener("mouseup",function(e){if(!start)return;var p=data(e),a=start;start=null;
        svg.removeChild(box);box=null;
        if(Math.abs(p[0]-a[0])<(view[1]-view[0])/100)return;
        show([Math.min(a[0],p[0]),Math.max(a[0],p[0]),Math.min(a[1],p[1]),Math.max(a[1],p[1])]);});
        plot.addEventListener("dblclick",function(){show(full.slice());});
        svg.zoomTo=show;}
        Array.prototype.forEach.call(document.querySelectorAll("svg.zoomable"),setup);
        })();
        """
}
