#!/usr/bin/env python3
"""Builds the PDF/DOC extractor fixtures (see ../README.md). Needs python3 + LibreOffice (soffice).

gb2021: fills the value cells of the official blank template (shared/domain/template-2021-blank.docx).
gb2019: writes an HTML report with the trial-format tables (rowspan/colspan) and lets Writer convert it.
Values are deterministic and distinct, so the tests know every cell:
  table 二: gb2021 11..19 and fee 3.25; gb2019 see T2_2019 below
  table 三: 100 + 10*row + col (row 0-based data row, col 0..6 = 自然人..总计)
  table 四: 501..515
"""
import os, re, shutil, subprocess, sys, tempfile, zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, '..', '..', '..', '..'))
BLANK = os.path.join(ROOT, '..', 'shared', 'domain', 'template-2021-blank.docx')
PROSE = ('本机关坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实《中华人民共和国政府信息公开条例》，'
         '围绕群众关切，持续推进决策、执行、管理、服务、结果公开，不断提升政务公开质量和实效。')
T2_2021 = ['11', '12', '13', '14', '15', '16', '17', '18', '19', '3.25']


def t3(row, col):
    return str(100 + 10 * row + col)


def para(text, props):
    text = text.replace('&', '&amp;').replace('<', '&lt;')
    return f'<w:p>{props}<w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


def fill_2021(out_docx):
    with zipfile.ZipFile(BLANK) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    x = parts['word/document.xml'].decode('utf8')
    values = [T2_2021, [t3(r, c) for r in range(25) for c in range(7)], [str(501 + i) for i in range(15)]]
    tables = re.findall(r'<w:tbl>.*?</w:tbl>', x, flags=re.S)
    assert len(tables) == 3
    for ti, t in enumerate(tables):
        it = iter(values[ti])

        def cell(m):
            c = m.group(0)
            txt = ''.join(re.findall(r'<w:t[^>]*>([^<]*)</w:t>', c)).strip(' \u3000')
            if txt or re.search(r'<w:vMerge(?: w:val="continue")?/>', c):
                return c
            tcpr = re.search(r'<w:tcPr>.*?</w:tcPr>', c, flags=re.S)
            return '<w:tc>' + (tcpr.group(0) if tcpr else '') + \
                f'<w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:t>{next(it)}</w:t></w:r></w:p></w:tc>'
        filled = re.sub(r'<w:tc>.*?</w:tc>', cell, t, flags=re.S)
        assert next(it, None) is None, f'table {ti} has fewer value cells than values'
        x = x.replace(t, filled)
    props = ('<w:pPr><w:pStyle w:val="2"/><w:spacing w:before="0" w:after="0"/><w:ind w:left="0" w:firstLine="420"/>'
             '<w:jc w:val="both"/><w:rPr><w:rFonts w:hint="eastAsia" w:ascii="宋体" w:hAnsi="宋体" w:eastAsia="宋体" w:cs="宋体"/>'
             '</w:rPr></w:pPr>')
    x = x.replace('政府信息公开工作年度报告格式模板', '某某县卫生健康局2023年政府信息公开工作年度报告')
    first = ''.join(para(p, props) for p in [
        '本报告根据《中华人民共和国政府信息公开条例》编制。本年度报告中所列数据的统计期限自2023年1月1日起至2023年12月31日止。',
        '（一）主动公开。' + PROSE, '（二）依申请公开。' + PROSE, '（三）政府信息管理。' + PROSE,
        '（四）政府信息公开平台建设。' + PROSE, '（五）监督保障。' + PROSE])
    # section 一 text, section 五, section 六 (the three （文字描述） placeholders in document order)
    x = x.replace(re.search(r'<w:p [^>]*>(?:(?!<w:p ).)*?（文字描述）</w:t></w:r></w:p>', x, flags=re.S).group(0), first, 1)
    x = re.sub(r'<w:p [^>]*>(?:(?!<w:p ).)*?（文字描述）</w:t></w:r></w:p>',
               lambda m: para('一是公开内容还不够全面；二是解读形式较为单一。下一步将加强培训，提升公开质量。', props), x, count=1, flags=re.S)
    x = re.sub(r'<w:p [^>]*>(?:(?!<w:p ).)*?（文字描述，收取信息处理费情况在此处报告。）</w:t></w:r></w:p>',
               lambda m: para('本年度未收取信息处理费。无其他需要报告的事项。', props), x, count=1, flags=re.S)
    # prose before table 三 so that it starts low on a page and continues on the next one
    heading3 = re.search(r'<w:p [^>]*>(?:(?!<w:p ).)*?三、收到和处理政府信息公开申请情况', x, flags=re.S).group(0)
    x = x.replace(heading3, ''.join(para('（补充说明）' + PROSE, props) for _ in range(6)) + heading3, 1)
    parts['word/document.xml'] = x.encode('utf8')
    with zipfile.ZipFile(out_docx, 'w', zipfile.ZIP_DEFLATED) as z:
        for n, b in parts.items():
            z.writestr(n, b)


T2_2019 = {  # label -> cells, in column order
    '规章': ['21', '22', '23'], '规范性文件': ['24', '25', '26'],
    '行政许可': ['27', '增加 3', '28'], '其他对外管理服务事项': ['29', '减少 2', '30'],
    '行政处罚': ['31', '-4', '32'], '行政强制': ['33', '+5', '34'],
    '行政事业性收费': ['35', '0'], '政府集中采购': ['36', '83.42'],
}
ROWS_2019 = ['1.属于国家秘密', '2.其他法律行政法规禁止公开', '3.危及“三安全一稳定”', '4.保护第三方合法权益',
             '5.属于三类内部事务信息', '6.属于四类过程性信息', '7.属于行政执法案卷', '8.属于行政查询事项',
             '1.本机关不掌握相关政府信息', '2.没有现成信息需要另行制作', '3.补正后申请内容仍不明确',
             '1.信访举报投诉类申请', '2.重复申请', '3.要求提供公开出版物', '4.无正当理由大量反复申请',
             '5.要求行政机关确认或重新出具已获取信息']


def html_2019(out_html):
    td = lambda v, a='': f'<td{a}>{v}</td>'
    v7 = lambda r: ''.join(td(t3(r, c)) for c in range(7))
    s = ['<html><head><meta charset="utf-8"><style>td{border:1px solid #000;text-align:center}'
         'table{border-collapse:collapse}</style></head><body>',
         '<p align="center"><b>某某市市场监督管理局2020年政府信息公开工作年度报告</b></p>',
         '<p>本年度报告中所列数据的统计期限自2020年1月1日起至2020年12月31日止。</p>',
         '<p>一、总体情况</p>'] + [f'<p>{PROSE}</p>'] * 3 + ['<p>二、主动公开政府信息情况</p><table border="1" cellspacing="0">']
    t2 = T2_2019
    hdr = lambda title, cols: f'<tr><td colspan="4">{title}</td></tr><tr>{td("信息内容")}' + ''.join(
        td(c, f' colspan="{3 // len(cols) if len(cols) < 3 else 1}"' if len(cols) < 3 and False else '') for c in cols) + '</tr>'
    s.append(hdr('第二十条第（一）项', ['本年新制作数量', '本年新公开数量', '对外公开总数量']))
    for k in ['规章', '规范性文件']:
        s.append('<tr>' + td(k) + ''.join(td(v) for v in t2[k]) + '</tr>')
    for title, keys in [('第二十条第（五）项', ['行政许可', '其他对外管理服务事项']), ('第二十条第（六）项', ['行政处罚', '行政强制'])]:
        s.append(hdr(title, ['上一年项目数量', '本年增/减', '处理决定数量']))
        for k in keys:
            s.append('<tr>' + td(k) + ''.join(td(v) for v in t2[k]) + '</tr>')
    s.append('<tr><td colspan="4">第二十条第（八）项</td></tr><tr>' + td('信息内容') + td('上一年项目数量') + td('本年增/减', ' colspan="2"') + '</tr>')
    s.append('<tr>' + td('行政事业性收费') + td(t2['行政事业性收费'][0]) + td(t2['行政事业性收费'][1], ' colspan="2"') + '</tr>')
    s.append('<tr><td colspan="4">第二十条第（九）项</td></tr><tr>' + td('信息内容') + td('采购项目数量') + td('采购总金额', ' colspan="2"') + '</tr>')
    s.append('<tr>' + td('政府集中采购') + td(t2['政府集中采购'][0]) + td(t2['政府集中采购'][1], ' colspan="2"') + '</tr></table>')
    s += [f'<p>（补充说明）{PROSE}</p>'] * 4
    s.append('<p>三、收到和处理政府信息公开申请情况</p><table border="1" cellspacing="0">')
    s.append('<tr><td colspan="3" rowspan="3">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td>'
             '<td colspan="7">申请人情况</td></tr>')
    s.append('<tr><td rowspan="2">自然人</td><td colspan="5">法人或其他组织</td><td rowspan="2">总计</td></tr>')
    s.append('<tr>' + ''.join(td(h) for h in ['商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他']) + '</tr>')
    s.append('<tr>' + td('一、本年新收政府信息公开申请数量', ' colspan="3"') + v7(0) + '</tr>')
    s.append('<tr>' + td('二、上年结转政府信息公开申请数量', ' colspan="3"') + v7(1) + '</tr>')
    s.append('<tr>' + td('三、本年度办理结果', ' rowspan="21"') + td('（一）予以公开', ' colspan="2"') + v7(2) + '</tr>')
    s.append('<tr>' + td('（二）部分公开（区分处理的，只计这一情形，不计其他情形）', ' colspan="2"') + v7(3) + '</tr>')
    r = 4
    for gi, (g, n) in enumerate([('（三）不予公开', 8), ('（四）无法提供', 3), ('（五）不予处理', 5)]):
        start = sum([0, 8, 11][gi:gi + 1])
        for i in range(n):
            s.append('<tr>' + (td(g, f' rowspan="{n}"') if i == 0 else '') + td(ROWS_2019[start + i]) + v7(r) + '</tr>')
            r += 1
    s.append('<tr>' + td('（六）其他处理', ' colspan="2"') + v7(r) + '</tr>'); r += 1
    s.append('<tr>' + td('（七）总计', ' colspan="2"') + v7(r) + '</tr>'); r += 1
    s.append('<tr>' + td('四、结转下年度继续办理', ' colspan="3"') + v7(r) + '</tr></table>')
    assert r == 22
    s.append('<p>四、政府信息公开行政复议、行政诉讼情况</p><table border="1" cellspacing="0">')
    s.append('<tr><td colspan="5">行政复议</td><td colspan="10">行政诉讼</td></tr>')
    five = ['结果维持', '结果纠正', '其他结果', '尚未审结', '总计']
    s.append('<tr>' + ''.join(td(h, ' rowspan="2"') for h in five) + td('未经复议直接起诉', ' colspan="5"') + td('复议后起诉', ' colspan="5"') + '</tr>')
    s.append('<tr>' + ''.join(td(h) for h in five * 2) + '</tr>')
    s.append('<tr>' + ''.join(td(str(501 + i)) for i in range(15)) + '</tr></table>')
    s += ['<p>五、存在的主要问题及改进情况</p><p>公开内容还不够全面。下一步将加强培训。</p>',
          '<p>六、其他需要报告的事项</p><p>无其他需要报告的事项。</p></body></html>']
    with open(out_html, 'w', encoding='utf8') as f:
        f.write('\n'.join(s))


def convert(src, fmt, outdir, infilter=None):
    cmd = ['soffice', '--headless']
    if infilter:
        cmd += ['--infilter=' + infilter]
    subprocess.run(cmd + ['--convert-to', fmt, '--outdir', outdir, src], check=True, capture_output=True, timeout=180)


def main():
    tmp = tempfile.mkdtemp()
    pdf_dir, doc_dir = HERE, os.path.join(HERE, '..', 'doc')
    d21 = os.path.join(tmp, 'gb2021-filled.docx')
    fill_2021(d21)
    convert(d21, 'pdf', pdf_dir)
    convert(d21, 'doc:MS Word 97', doc_dir)
    h19 = os.path.join(tmp, 'gb2019-filled.html')
    html_2019(h19)
    convert(h19, 'odt', tmp, 'HTML (StarWriter)')
    o19 = os.path.join(tmp, 'gb2019-filled.odt')
    convert(o19, 'pdf', pdf_dir)
    convert(o19, 'doc:MS Word 97', doc_dir)
    print('written to', pdf_dir, 'and', doc_dir, '(intermediates in', tmp + ')')


if __name__ == '__main__':
    sys.exit(main())
